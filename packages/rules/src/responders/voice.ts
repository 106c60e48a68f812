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
import type { Rng } from './rng';

export type Band = 'low' | 'mid' | 'high';
export const band = (x: number): Band => (x < 0.35 ? 'low' : x > 0.65 ? 'high' : 'mid');

export type Tone = 'ok' | 'sorry' | 'angry' | 'info' | 'plain';

type Lines = readonly [string, ...string[]];

const OPENERS: Readonly<Record<Exclude<Tone, 'plain'>, Readonly<Record<Band, Lines>>>> = {
  ok: {
    high: ['Of course{P}!', 'Gladly{P}!', 'With pleasure{P}.', 'Certainly{P}, right away.'],
    mid: ['Sure{P}.', 'Alright{P}.', 'Very well{P}.', 'Okay{P}.'],
    low: ['Fine.', 'Hmph. Fine.', 'If I must.', 'Make it quick.'],
  },
  sorry: {
    high: ["I'm so sorry{P}.", 'My apologies{P}.', "Oh, I'm terribly sorry{P}."],
    mid: ['Sorry{P}.', 'Hmm{P}.', "I'm afraid not{P}."],
    low: ['No.', 'Not happening.', 'Tch.'],
  },
  angry: {
    high: ['That was unkind{P}.', "Please, there's no need for that{P}.", 'Such words hurt{P}.'],
    mid: ['Watch your tongue{P}.', 'Mind your manners{P}.', "I don't appreciate that{P}."],
    low: ['How dare you!', 'Say that again and see what happens!', 'You have some nerve!'],
  },
  info: {
    high: ['Happy to help{P}!', "I'd be glad to tell you{P}.", 'Oh, good question{P}!'],
    mid: ['Let me see{P}.', 'Well{P}...', 'Right{P}.'],
    low: ['Listen.', 'Short version:', 'Pay attention.'],
  },
};

const ENTHUSIASM: Readonly<Record<NpcRole, Lines>> = {
  kafra: ['The Kafra Corporation is always with you!', 'Have a wonderful journey!', 'Thank you for choosing Kafra!'],
  merchant: ['Best prices in all of Rune-Midgarts!', 'Come back anytime, friend!', 'Business is booming today!'],
  guard: ['Stay sharp out there!', 'The city is safe while we stand watch!', 'Glory to the kingdom!'],
  quest_giver: ['Adventure awaits!', 'Great deeds start with small steps!', 'I knew you had that spark!'],
  refiner: ['Nothing beats the ring of the hammer!', 'Feel that heat from the forge!', 'Strong steel, strong hero!'],
  job_master: ['A new path awaits you!', 'Train hard and never give up!', 'The guild is proud of its own!'],
  townsperson: ['What a day!', 'Oh, this is exciting!', "Isn't this town wonderful?"],
};

const FLOURISH: Readonly<Record<NpcRole, Lines>> = {
  kafra: ['May the winds of Rune-Midgard carry you safely.', 'Every road leads somewhere new, they say.'],
  merchant: ['Fortune favours the well-stocked, you know.', 'Every coin tells a story, traveller.'],
  guard: ['These walls have seen a hundred heroes come and go.', 'The night watch hears many strange tales.'],
  quest_giver: ['Legends are written one errand at a time.', 'The world is wider than any map, friend.'],
  refiner: ['Steel remembers every strike of the hammer.', 'Oridecon sings when it meets the fire.'],
  job_master: ['Every great hero began as a humble novice.', 'The path you choose will shape your soul.'],
  townsperson: ['The porings are dancing in the fields again.', 'They say Yggdrasil whispers to those who listen.'],
};

const HEDGES: Lines = [
  "...I hope that's alright.", "...please don't be upset if I got it wrong.", 'Oh dear, I hope that was right.',
  "...sorry, I'm a little nervous today.",
];
const STAMMERS: Lines = ['U-um... ', 'Oh! ', 'Ah... ', 'Eek! '];

export interface VoiceInit {
  readonly rng: Rng;
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
  readonly traits: Personality;
  readonly role: NpcRole;
  readonly npcName: string;
  readonly player: string | undefined;

  constructor(init: VoiceInit) {
    this.rng = init.rng;
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

  pick<T>(xs: readonly [T, ...T[]]): T {
    return this.rng.pick(xs);
  }

  /** The player's name for direct address, or a role-fitting fallback. */
  get you(): string {
    return this.player ?? (this.warmth === 'low' ? 'you' : 'traveller');
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
      opener = exclaim(fill(this.pick(OPENERS[tone][this.warmth])));
    }
    let body = exclaim(core);
    if (this.nervous) body = this.pick(STAMMERS) + body;
    const detail = this.careless ? opts.vague : opts.detail ?? opts.vague;
    // Optional parts, most expendable last.
    const optional: string[] = [];
    if (energy === 'high') optional.push(this.pick(ENTHUSIASM[this.role]));
    if (this.colourful) optional.push(this.pick(FLOURISH[this.role]));
    if (this.nervous) optional.push(this.pick(HEDGES));
    const head = [opener, body, detail ?? ''].filter((p) => p.length > 0);
    const said = head.join(' ');
    for (let i = optional.length - 1; i >= 0; i--) if (said.includes(optional[i] ?? '')) optional.splice(i, 1);
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

/** Inserts ", Name" before the end of the first sentence. */
function addressed(text: string, name: string): string {
  const m = /[.!?]/.exec(text);
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
