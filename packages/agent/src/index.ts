export * from './npc-model';
export * from './router';
export * from './memory/index';
export * from './behavior/index';
export * from './coordination/index';
export * from './difficulty/index';
export * from './runtime';
export * from './examples';
