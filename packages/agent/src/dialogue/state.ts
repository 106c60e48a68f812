/**
 * The next dialogue state from the last one and this turn (pure): what the conversation is about
 * now, the NPC's open question, and the sentences said lately (never repeated to this player).
 */
import type { DecisionBody, DialogueState, Intent, Language } from '@npc/contracts';
import { sentenceKey, sentences, type DialogueNote, type Recognition } from '@npc/rules';

/** Sentences of the last few replies kept (≈ the last 4 replies). */
export const SAID_KEPT = 12;

/** Intents that are about something the NPC offers (a topic follow-ups can continue). */
const TOPICS: ReadonlySet<Intent> = new Set<Intent>(['buy', 'sell', 'price_check', 'warp', 'directions', 'storage', 'save_point', 'quest_request', 'quest_progress', 'job_change', 'refine']);

export function nextDialogue(prev: DialogueState | undefined, turn: { recognition: Recognition; body: DecisionBody; note?: DialogueNote; lang: Language; now: number }): DialogueState {
  const { recognition, body, note, lang, now } = turn;
  const said = [...(prev?.said ?? []), ...sentences(body.say).map(sentenceKey).filter((k) => k.length > 0)].slice(-SAID_KEPT);
  const intent = recognition.intent.name;
  if (note) {
    // The move says what the conversation is about now; slots it does not name carry over only within the same item/destination.
    const sameThing = (note.item === undefined || note.item === prev?.item) && (note.destination === undefined || note.destination === prev?.destination);
    const carry = sameThing && prev ? { item: prev.item, destination: prev.destination, place: prev.place, amount: prev.amount, price: prev.price } : {};
    const merged = { ...carry, ...note };
    return clean({ at: now, lang, topic: note.topic ?? (TOPICS.has(intent) ? intent : prev?.topic), ...merged, ...(note.open ? { open: note.open } : { open: undefined }), said });
  }
  if (TOPICS.has(intent)) {
    // A topic without a note (a refusal of service, a sorry): the topic and its slots, no open question.
    const s = recognition.slots;
    return clean({ at: now, lang, topic: intent, item: s.item ?? prev?.item, amount: s.amount, destination: s.town?.name ?? prev?.destination, place: s.place ?? prev?.place, said });
  }
  // Small talk, greetings, refusals: the topic stays for a follow-up, the open question is closed.
  return clean({ ...(prev ?? {}), at: now, lang, open: undefined, said });
}

function clean(s: Partial<DialogueState> & { at: number; lang: Language; said: string[] }): DialogueState {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = v;
  return out as DialogueState;
}
