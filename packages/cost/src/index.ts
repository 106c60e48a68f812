export * from './money';
export * from './pricing';
export * from './tokens';
export * from './budget';
export * from './alerts';
export * from './quota';
export * from './reconcile';
export * from './budget-gate';
