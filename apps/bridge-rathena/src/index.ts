export { startBridge, type BridgeStats, type RunningBridge } from './bridge';
export { BridgeEnv } from './config';
export { GatewayClient, type DecideResult } from './gateway-client';
export { buildRequest, parseAllowed, replyColumns, requestIdOf, type ReplyColumns, type RequestRow } from './rows';
export { CREATE_TABLE_SQL, TABLE } from './table';
