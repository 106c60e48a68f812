export * from './names';
export * from './processes';
export * from './redis-cleanup';
export * from './fake-llm';
export * from './test-redis';
export * from './ports';
export * from './chromium';
export * from './npcs';
