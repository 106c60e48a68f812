export * from './names';
export * from './processes';
export * from './redis-cleanup';
