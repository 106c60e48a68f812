/**
 * How an NPC says things: the Big Five traits shape the wording around a core sentence, and a
 * seeded generator picks among variants, so one seed always gives the same words.
 *
 * - extraversion: high → exclamations and an extra enthusiastic line; low → terse, no opener
 * - agreeableness: high → warm, polite openers; low → curt ones
 * - neuroticism: high → nervous stammer and hedges
 * - conscientiousness: high → precise details (unit prices, coordinates); low → details dropped
 * - openness: high → a colourful closing flourish
 */
import { SAY_MAX, type NpcRole, type Personality } from '@npc/contracts';
import { catalogFor, type Catalog } from './i18n/index';
import type { Rng } from './rng';
import { memoize } from '../memo';

export type Band = 'low' | 'mid' | 'high';
export const band = (x: number): Band => (x < 0.35 ? 'low' : x > 0.65 ? 'high' : 'mid');

export type Tone = 'ok' | 'sorry' | 'angry' | 'info' | 'plain';

/** A sentence as compared for repetition: lowercase letters and digits only. */
export const sentenceKey = memoize(20_000, (s: string): string => (/[^\x00-\x7f]/.test(s) ? s.toLowerCase().normalize('NFKD') : s.toLowerCase()).replace(/[^a-z0-9]+/g, ' ').trim());

/** Splits text into sentences (keeps their punctuation). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?…])\s+/).map((x) => x.trim()).filter((x) => x.length > 0);
}

export interface VoiceInit {
  readonly rng: Rng;
  /** What the NPC says, in the player's language. */
  readonly cat?: Catalog;
  /** Sentences of the last few replies to this player (`sentenceKey`): not said again when a variant exists. */
  readonly recent?: ReadonlySet<string>;
  readonly traits: Personality;
  readonly role: NpcRole;
  readonly npcName: string;
  readonly player?: string;
}

export interface SayOptions {
  /** A precise detail (prices, coordinates), kept unless the NPC is careless. */
  readonly detail?: string;
  /** A vaguer detail used by careless NPCs instead. */
  readonly vague?: string;
}

/** The speaking style of one NPC for one decision. */
export class Voice {
  readonly rng: Rng;
  readonly cat: Catalog;
  readonly recent: ReadonlySet<string>;
  readonly traits: Personality;
  readonly role: NpcRole;
  readonly npcName: string;
  readonly player: string | undefined;

  constructor(init: VoiceInit) {
    this.rng = init.rng;
    this.cat = init.cat ?? catalogFor('en');
    this.recent = init.recent ?? NOTHING_SAID;
    this.traits = init.traits;
    this.role = init.role;
    this.npcName = init.npcName;
    this.player = init.player;
  }

  get warmth(): Band { return band(this.traits.agreeableness); }
  get energy(): Band { return band(this.traits.extraversion); }
  /** High conscientiousness: give exact numbers. */
  get precise(): boolean { return this.traits.conscientiousness > 0.65; }
  get careless(): boolean { return this.traits.conscientiousness < 0.35; }
  get nervous(): boolean { return this.traits.neuroticism > 0.65; }
  get colourful(): boolean { return this.traits.openness > 0.65; }

  /** One of the variants, seeded; a line said to this player lately only when every variant was. */
  pick<T>(xs: readonly [T, ...T[]]): T {
    const choice = this.rng.pick(xs);
    if (this.recent.size === 0 || typeof choice !== 'string' || !this.saidLately(choice)) return choice;
    const fresh = xs.filter((x) => typeof x !== 'string' || !this.saidLately(x));
    return fresh.length > 0 ? (fresh[Math.floor(this.rng.next() * fresh.length)] ?? choice) : choice;
  }

  /** Whether every sentence of a line was said to this player in the last few replies. */
  saidLately(line: string): boolean {
    const parts = sentences(line.includes('{') ? line.replace(/\{[A-Z]+\}/g, this.player ?? '') : line);
    return parts.length > 0 && parts.every((p) => this.recent.has(sentenceKey(p)));
  }

  /** The player's name for direct address, or a role-fitting fallback. */
  get you(): string {
    return this.player ?? (this.warmth === 'low' ? this.cat.you : this.cat.traveller);
  }

  /**
   * Says `core` in this NPC's voice: an opener by tone, the detail (precise or vague by
   * conscientiousness), enthusiasm, flourish and hedges by traits; never longer than SAY_MAX, and
   * addressing the player by name when known.
   */
  say(tone: Tone, core: string, opts: SayOptions = {}): string {
    const energy = this.energy;
    const exclaim = (s: string): string => (energy === 'high' ? s.replace(/(?<!\.)\.$/, '!') : s);
    const fill = (s: string): string => s.replace('{P}', this.player ? `, ${this.player}` : '');
    let opener = '';
    if (tone !== 'plain' && (energy !== 'low' || tone === 'sorry' || tone === 'angry')) {
      opener = exclaim(fill(this.pick(this.cat.openers[tone][this.warmth])));
    }
    let body = exclaim(core);
    if (this.nervous) body = this.pick(this.cat.stammers) + body;
    const detail = this.careless ? opts.vague : opts.detail ?? opts.vague;
    // Optional parts, most expendable last.
    const optional: string[] = [];
    if (energy === 'high') optional.push(this.pick(this.cat.enthusiasm[this.role]));
    if (this.colourful) optional.push(this.pick(this.cat.flourish[this.role]));
    if (this.nervous) optional.push(this.pick(this.cat.hedges));
    const head = [opener, body, detail ?? ''].filter((p) => p.length > 0);
    const said = head.join(' ');
    // Optional lines never repeat what this reply or the last few replies said.
    for (let i = optional.length - 1; i >= 0; i--) if (said.includes(optional[i] ?? '') || this.saidLately(optional[i] ?? '')) optional.splice(i, 1);
    let text = join([...head, ...optional]);
    while (text.length > SAY_MAX && optional.length > 0) {
      optional.pop();
      text = join([...head, ...optional]);
    }
    if (text.length > SAY_MAX && detail) text = join([opener, body].filter((p) => p.length > 0));
    if (text.length > SAY_MAX) text = join([body]);
    if (this.player && !text.includes(this.player)) text = addressed(text, this.player);
    return clip(text);
  }
}

const NOTHING_SAID: ReadonlySet<string> = new Set();

/** The text without a sentence it already said (same words, case and punctuation aside). */
export function withoutRepeats(text: string): string {
  // One sentence (or none): nothing to repeat.
  if (!/[.!?…]\s+\S/.test(text)) return text;
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const s of sentences(text)) {
    const k = sentenceKey(s);
    if (k.length > 0 && seen.has(k)) continue;
    seen.add(k);
    kept.push(s);
  }
  return kept.join(' ');
}

/** Inserts ", Name" before the end of the first sentence. */
function addressed(text: string, name: string): string {
  // The end of the first sentence (not the point in "1.000 zeny").
  const m = /[.!?](?=\s|$)/.exec(text);
  return m ? `${text.slice(0, m.index)}, ${name}${text.slice(m.index)}` : `${text}, ${name}`;
}

const join = (parts: readonly string[]): string => {
  let out = '';
  for (const p of parts) {
    if (p.length === 0) continue;
    out = out.length === 0 ? p : `${out} ${p}`;
  }
  return out.trim();
};

/** Cuts text to SAY_MAX at a word boundary, with an ellipsis. */
export function clip(text: string, max = SAY_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
