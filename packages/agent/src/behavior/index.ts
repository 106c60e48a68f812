export * from './blackboard';
export * from './definition';
export * from './leaves';
export * from './run';
