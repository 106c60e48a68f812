// The training thread's entry (see train-thread.ts): TypeScript through tsx, then the trainer.
import { register } from 'tsx/esm/api';

register();
await import('./train-thread.worker.ts');
