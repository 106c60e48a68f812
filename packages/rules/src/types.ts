// The recognition's schema is a contract (it travels in the decision envelope): packages/contracts/src/recognition.ts.
export { Slots, Recognition } from '@npc/contracts';
