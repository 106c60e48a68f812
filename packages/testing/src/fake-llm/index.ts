export * from './decide';
export * from './server';
