export * from './episodes';
export * from './log-entries';
export * from './prompt';
export * from './reflection';
export * from './retrieval';
export * from './store';
export * from './world';
