import { cleanStrings, decisionBodyFor, issuePath, type Action, type ActionType, type DecisionBody, type Services } from '@npc/contracts';
import { normaliseWireOutput } from './schema';
import { canaryTag, type LeakGuard } from './prompt';

export type InvalidKind = 'empty' | 'json' | 'schema' | 'empty_say' | 'leak' | 'ungrounded';

export type ValidationResult =
  | { ok: true; body: DecisionBody }
  | { ok: false; kind: InvalidKind; error: string };

export interface ValidateOptions {
  allowedActions: readonly ActionType[];
  /** The prompt's leak guard; without it only the generic phrase check runs. */
  leakGuard?: LeakGuard;
  /** When given, args that name a place/item/quest/job/fee are checked against (and completed from) these. */
  services?: Services;
}

/** Actions whose whole point is the `say` text (rAthena `mes`): an empty say is useless. */
export const SAY_REQUIRED: ReadonlySet<ActionType> = new Set(['talk', 'give_directions', 'quote_price']);

/** Phrases an in-character NPC never says; their presence means the model stepped out of the fiction. */
const OUT_OF_CHARACTER =
  /\b(system ?prompt|my (?:instructions|prompt|rules|guidelines|programming)|these (?:instructions|rules)|(?:previous|prior|above) instructions|ignore (?:all |any )?(?:previous |prior )?instructions|as an ai\b|language model|openai|chatgpt|json object|allowed actions|npc-brain)/i;

const NGRAM = 6;
const words = (s: string) => s.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];

function ngrams(s: string, n = NGRAM): Set<string> {
  const w = words(s);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

/** n-grams of guarded texts; system messages repeat per NPC and allowed set, so a small LRU pays off. */
const guardCache = new Map<string, Set<string>>();
function guardedGrams(guard: LeakGuard): Set<string> {
  const key = guard.guarded.join('\u0000');
  let g = guardCache.get(key);
  if (g) {
    guardCache.delete(key);
  } else {
    g = new Set<string>();
    for (const t of guard.guarded) for (const x of ngrams(t)) g.add(x);
    if (guardCache.size >= 256) {
      const oldest = guardCache.keys().next().value;
      if (oldest !== undefined) guardCache.delete(oldest);
    }
  }
  guardCache.set(key, g);
  return g;
}

/** Returns why `say` leaks the prompt, or null when it does not. */
export function leakIn(say: string, guard?: LeakGuard): string | null {
  if (!say) return null;
  const lower = say.toLowerCase();
  if (guard) {
    if (lower.includes(guard.canary.toLowerCase()) || lower.includes(canaryTag(guard.canary).toLowerCase())) return 'say repeats the hidden tag';
    if (say.includes(guard.fenceOpen) || say.includes(guard.fenceClose) || /<<<|>>>|DATA-[0-9a-f]{4,}/i.test(say)) return 'say repeats the data markers';
  }
  const m = OUT_OF_CHARACTER.exec(say);
  if (m) return `say steps out of character ("${m[0]}")`;
  if (guard) {
    const g = guardedGrams(guard);
    for (const x of ngrams(say)) if (g.has(x)) return 'say quotes the instructions';
  }
  return null;
}

const eq = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
const names = (xs: readonly string[]) => xs.slice(0, 8).join(', ') || 'none';

export type Grounded = { ok: true; action: Action } | { ok: false; error: string };

/**
 * Checks that args naming something the NPC offers really name it, and copies the canonical
 * values (coordinates, fees, prices) from the NPC's services, so a model cannot invent a free
 * warp or a discount. Actions with free-form args pass unchanged.
 */
export function groundAction(action: Action, services: Services): Grounded {
  switch (action.type) {
    case 'warp': {
      const w = (services.warps ?? []).find((x) => eq(x.destination, action.args.destination) || eq(x.map, action.args.destination) || (action.args.map !== undefined && eq(x.map, action.args.map)));
      if (!w) return { ok: false, error: `warp destination "${action.args.destination}" is not offered (warps: ${names((services.warps ?? []).map((x) => x.destination))})` };
      return { ok: true, action: { type: 'warp', args: { destination: w.destination, map: w.map, x: w.x, y: w.y, fee: w.fee } } };
    }
    case 'buy': {
      const i = (services.shop ?? []).find((x) => eq(x.item, action.args.item));
      if (!i) return { ok: false, error: `buy item "${action.args.item}" is not in the shop (${names((services.shop ?? []).map((x) => x.item))})` };
      if (i.stock !== undefined && action.args.amount > i.stock) return { ok: false, error: `only ${i.stock} ${i.item} in stock` };
      return { ok: true, action: { type: 'buy', args: { item: i.item, amount: action.args.amount, price: i.price * action.args.amount } } };
    }
    case 'sell': {
      const i = (services.buys ?? []).find((x) => eq(x.item, action.args.item));
      if (!i) return { ok: false, error: `sell item "${action.args.item}" is not bought here (${names((services.buys ?? []).map((x) => x.item))})` };
      return { ok: true, action: { type: 'sell', args: { item: i.item, amount: action.args.amount, price: i.price * action.args.amount } } };
    }
    case 'quote_price': {
      const i = (services.shop ?? []).find((x) => eq(x.item, action.args.item)) ?? (services.buys ?? []).find((x) => eq(x.item, action.args.item));
      if (!i) return { ok: false, error: `quote_price item "${action.args.item}" is neither sold nor bought here` };
      return { ok: true, action: { type: 'quote_price', args: { item: i.item, price: i.price } } };
    }
    case 'open_storage':
      if (!services.storage) return { ok: false, error: 'this NPC offers no storage' };
      return { ok: true, action: { type: 'open_storage', args: { fee: services.storage.fee } } };
    case 'save_point':
      if (!services.savePoint) return { ok: false, error: 'this NPC offers no save point' };
      return { ok: true, action: { type: 'save_point', args: { ...services.savePoint } } };
    case 'give_quest':
    case 'complete_quest': {
      const q = (services.quests ?? []).find((x) => eq(x.name, action.args.quest) || eq(x.id, action.args.quest));
      if (!q) return { ok: false, error: `quest "${action.args.quest}" is not offered (quests: ${names((services.quests ?? []).map((x) => x.name))})` };
      if (action.type === 'give_quest') {
        return { ok: true, action: { type: 'give_quest', args: { quest: q.name, ...(q.minLevel !== undefined ? { level: q.minLevel } : {}), ...(q.reward ? { reward: q.reward } : {}) } } };
      }
      return { ok: true, action: { type: 'complete_quest', args: { quest: q.name, ...(q.reward ? { reward: q.reward } : {}) } } };
    }
    case 'job_change': {
      const j = (services.jobs ?? []).find((x) => eq(x, action.args.job));
      if (!j) return { ok: false, error: `job "${action.args.job}" is not offered (jobs: ${names(services.jobs ?? [])})` };
      return { ok: true, action: { type: 'job_change', args: { job: j } } };
    }
    case 'refine':
      if (!services.refine) return { ok: false, error: 'this NPC does not refine' };
      return { ok: true, action: { type: 'refine', args: { ...action.args, fee: services.refine.fee } } };
    case 'give_directions': {
      const d = (services.directions ?? []).find((x) => eq(x.place, action.args.destination));
      // Unknown place: keep the words, drop coordinates the model may have made up.
      if (!d) return { ok: true, action: { type: 'give_directions', args: { destination: action.args.destination } } };
      const args: Extract<Action, { type: 'give_directions' }>['args'] = { destination: d.place };
      if (d.map !== undefined) args.map = d.map;
      if (d.x !== undefined) args.x = d.x;
      if (d.y !== undefined) args.y = d.y;
      return { ok: true, action: { type: 'give_directions', args } };
    }
    default:
      return { ok: true, action };
  }
}

function stripFences(s: string): string {
  const m = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(s);
  return m?.[1] ?? s;
}

/**
 * Model output (JSON text) → a decision body, its strings cleaned of NUL and lone surrogates, that satisfies `decisionBodyFor(allowedActions)`,
 * does not leak the prompt, has a say where the action needs one and (with services) names only
 * what the NPC offers. Errors are short and model-readable: they are sent back for the repair.
 */
export function validateOutput(content: string | null | undefined, opts: ValidateOptions): ValidationResult {
  const text = stripFences((content ?? '').trim());
  if (!text) return { ok: false, kind: 'empty', error: 'the reply was empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'json', error: 'the reply was not valid JSON' };
  }
  // A model can answer NUL or a lone surrogate (as JSON escapes): cleaned, not refused, so the
  // answer is kept and PostgreSQL can store it (packages/contracts/src/text.ts).
  const parsed = decisionBodyFor(opts.allowedActions).safeParse(cleanStrings(normaliseWireOutput(raw)));
  if (!parsed.success) {
    const error = parsed.error.issues.slice(0, 4).map((i) => `${issuePath(i.path)}: ${i.message}`).join('; ');
    return { ok: false, kind: 'schema', error };
  }
  let body = parsed.data;
  if (SAY_REQUIRED.has(body.action.type) && !body.say.trim()) {
    return { ok: false, kind: 'empty_say', error: `say must not be empty with ${body.action.type}` };
  }
  const leak = leakIn(body.say, opts.leakGuard);
  if (leak) return { ok: false, kind: 'leak', error: `${leak}; answer in character only` };
  if (opts.services) {
    const g = groundAction(body.action, opts.services);
    if (!g.ok) return { ok: false, kind: 'ungrounded', error: g.error };
    body = { ...body, action: g.action };
  }
  return { ok: true, body };
}
