export * from './answer';
export * from './enqueuer';
export * from './finalize';
export * from './log-writer';
export * from './queue-options';
export * from './reply-listener';
export * from './rules-stage';
