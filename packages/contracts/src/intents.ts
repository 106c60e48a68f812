import { z } from 'zod';

/** The fixed set of player-request intents (shared/design/intents.md). */
export const INTENTS = [
  'greet', 'farewell', 'buy', 'sell', 'price_check', 'directions', 'warp', 'storage', 'save_point',
  'quest_request', 'quest_progress', 'job_change', 'refine', 'lore', 'smalltalk', 'insult', 'help', 'unknown',
] as const;
export const Intent = z.enum(INTENTS);
export type Intent = z.infer<typeof Intent>;

export const IntentGuess = z.object({
  name: Intent,
  confidence: z.number().min(0).max(1),
});
export type IntentGuess = z.infer<typeof IntentGuess>;
