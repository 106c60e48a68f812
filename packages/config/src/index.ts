export * from './env';
export * from './logger';
export * from './redis';
export * from './scripts';
export * from './shutdown';
export * from './timeout';
