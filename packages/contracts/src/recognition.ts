import { z } from 'zod';
import { Coord, MapName } from './common';
import { IntentGuess } from './intents';
import { Language } from './language';

/** What the recogniser pulled out of the player's text (canonical gazetteer names only). */
export const Slots = z.object({
  /** Canonical item name ("Red Potion"). */
  item: z.string().min(1).max(64).optional(),
  /** How many, 1…30000. */
  amount: z.number().int().min(1).max(30_000).optional(),
  /** A town or well-known map. */
  town: z.object({ name: z.string().min(1).max(64), map: MapName, x: Coord.optional(), y: Coord.optional() }).optional(),
  /** Canonical job name ("Swordman"). */
  job: z.string().min(1).max(64).optional(),
  /** "+7" → 7. */
  refineLevel: z.number().int().min(0).max(20).optional(),
  /** A generic place ("the inn", "the tool shop"). */
  place: z.string().min(1).max(64).optional(),
});
export type Slots = z.infer<typeof Slots>;

/** The recogniser's output (packages/rules `recognize`). */
export const Recognition = z.object({
  intent: IntentGuess,
  slots: Slots,
  /** The normalised text (for logs and downstream matching); never shown to players. */
  normalized: z.string(),
  /** Set when the text tries to make the NPC break character ("ignore previous instructions"). */
  injection: z.boolean().optional(),
  /** The language the player's words show (absent: none clearly). */
  lang: Language.optional(),
});
export type Recognition = z.infer<typeof Recognition>;

/**
 * A decision's recognition as it travels in the envelope: made once, by the gateway (the rules
 * recogniser), refined by the stages (the inference stage's model may settle the intent: `by: 'model'`),
 * never made again.
 */
export const SettledRecognition = Recognition.extend({
  /** Who settled the intent: the rules recogniser or the trained model. */
  by: z.enum(['rules', 'model']),
});
export type SettledRecognition = z.infer<typeof SettledRecognition>;
