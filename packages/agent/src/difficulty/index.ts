export * from './feedback';
export * from './model';
export * from './scale';
export * from './skill-cache';
