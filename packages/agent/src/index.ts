export * from './npc-model';
export * from './router';
