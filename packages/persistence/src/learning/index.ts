export * from './types';
export { mergeDeltas, mostUsed } from './patterns';
export { LearningReads } from './reads';
export { LearningRepository } from './repository';
