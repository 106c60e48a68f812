export * from './kinds';
export * from './metrics';
export * from './split-write';
export * from './stream-writer';
export * from './sharded-writer';
export * from './replay';
