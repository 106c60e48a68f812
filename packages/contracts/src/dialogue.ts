import { z } from 'zod';
import { ActionType } from './actions';
import { ItemName, ShortText } from './common';
import { Intent } from './intents';
import { Language } from './language';

/**
 * What an NPC's conversation with one player is about right now (short-lived, in Redis under
 * `agentKeys(prefix).dialogue(npc, player)`): the last topic and its slots, the price quoted and the
 * NPC's open question. Follow-ups ("a dozen", "sure, go ahead", "and the church?", "actually, make
 * it izlude") resolve against it; `said` keeps the sentences of the last few replies so that none
 * is repeated to the same player.
 */
export const DialogueState = z.object({
  /** Epoch ms of the last turn. */
  at: z.number().int(),
  lang: Language,
  /** The last intent that was about something (buy, warp, directions, …). */
  topic: Intent.optional(),
  item: ItemName.optional(),
  amount: z.number().int().min(1).max(30_000).optional(),
  /** A warp destination or a town, as the NPC names it. */
  destination: ShortText.optional(),
  /** A place asked the way to. */
  place: ShortText.optional(),
  quest: ShortText.optional(),
  job: ShortText.optional(),
  /** The unit price (or fee) the NPC quoted last. */
  price: z.number().int().min(0).max(2_000_000_000).optional(),
  /**
   * The NPC's open question: an offer ("yes" does `action` with the slots above), a choice among
   * `choices`, or how many.
   */
  open: z.object({
    kind: z.enum(['offer', 'choose', 'amount']),
    action: ActionType.optional(),
    /** What the choice is about: `item`, `destination`, `place` or `job`. */
    slot: z.enum(['item', 'destination', 'place', 'job']).optional(),
    choices: z.array(ShortText).max(12).optional(),
  }).optional(),
  /** Sentences of the last few replies (normalised), newest last. */
  said: z.array(z.string().max(300)).max(16).default([]),
});
export type DialogueState = z.infer<typeof DialogueState>;
