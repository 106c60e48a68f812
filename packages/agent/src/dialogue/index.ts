export * from './state';
export * from './store';
