export * from './client';
export * from './prompt';
export * from './providers';
export * from './schema';
export * from './validate';
export * from './rate-gate';
