export { startBridge, type BridgeStats, type RunningBridge } from './bridge';
export { BridgeEnv } from './config';
export { buildRequest, parseAllowed, replyColumns, requestIdOf, type ReplyColumns, type RequestRow } from './rows';
export { CREATE_TABLE_SQL, TABLE } from './table';
