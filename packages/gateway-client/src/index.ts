export { api, ApiError, type ApiTarget } from './api';
export { GatewayClient, type DecideResult, type GatewayClientOptions } from './decide';
export { errorSummary } from './transport';
