/**
 * Conversations that feel alive, through HTTP (gateway + rules worker + agent, real Redis and
 * PostgreSQL): two- and three-turn conversations of every kind of follow-up — an amount after a
 * price quote, "two more", agreeing to an offer, a correction, a refusal, a continuation, a
 * reference ("take me there"), an ambiguous request the NPC asks about, "do you sell …?" (never a
 * sale by itself) and "all of them" — each in English, Brazilian Portuguese, Spanish and
 * Indonesian, written as players of each community type. Every reply must be in the player's
 * language. The decisions are then found in PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision, type Language, type NpcInput } from '@npc/contracts';
import { catalogFor } from '@npc/rules';
import { http, startStack, type Stack } from './test-harness';

let s: Stack;
const MERCHANT: NpcInput = {
  name: 'Hans', role: 'merchant',
  services: {
    shop: [
      { item: 'Red Potion', price: 50 }, { item: 'Orange Potion', price: 200 }, { item: 'Blue Potion', price: 5000 },
      { item: 'Yellow Potion', price: 550, stock: 7 }, { item: 'Fly Wing', price: 60 },
    ],
    buys: [{ item: 'Jellopy', price: 3 }],
  },
};
const KAFRA: NpcInput = {
  name: 'Leilah', role: 'kafra',
  services: {
    warps: [
      { destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 }, { destination: 'Payon', map: 'payon', x: 161, y: 58, fee: 1200 },
      { destination: 'Izlude', map: 'izlude', x: 128, y: 114, fee: 600 },
    ],
    storage: { fee: 40 },
  },
};
const GUARD: NpcInput = {
  name: 'Bertram', role: 'guard',
  services: { directions: [{ place: 'Inn', map: 'prontera', x: 204, y: 191, hint: 'east of the fountain' }, { place: 'Church', map: 'prontera', x: 236, y: 318, hint: 'in the north-east corner' }] },
};

beforeAll(async () => {
  s = await startStack();
  for (const [id, body] of [['hans', MERCHANT], ['leilah', KAFRA], ['bertram', GUARD]] as const) {
    expect((await http(s.url, 'PUT', `/v1/npcs/${id}`, { key: s.keys.admin, body })).status).toBe(201);
  }
}, 60_000);
afterAll(async () => s?.close());

const ALLOWED = ['talk', 'emote', 'buy', 'sell', 'quote_price', 'open_shop', 'warp', 'give_directions', 'open_storage'] as const;
let players = 0;

type Check = (d: Decision) => void;
interface Turn { text: string; check: Check }

/** Memory is written after each reply: wait until the NPC remembers `visits` encounters. */
async function remembered(npcId: string, playerId: string, visits: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await http(s.url, 'GET', `/v1/npcs/${npcId}/memories/${playerId}`, { key: s.keys.admin });
    if (r.status === 200 && r.body.state.visits >= visits) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function converse(npc: string, lang: Language, turns: readonly Turn[]): Promise<void> {
  const player = { id: `conv-${lang}-${++players}`, name: 'Aria', level: 20, zeny: 100_000 };
  let n = 0;
  for (const t of turns) {
    await remembered(npc, player.id, n++);
    const r = await http(s.url, 'POST', '/v1/decisions', {
      key: s.keys.game, body: { npc: { id: npc }, player, event: { type: 'talk', text: t.text }, allowedActions: ALLOWED, deadlineMs: 3000 },
    });
    expect(r.status, t.text).toBe(200);
    const d = Decision.parse(r.body);
    expect(d.language, `${t.text} → ${d.say}`).toBe(lang);
    expect(d.say.length, t.text).toBeGreaterThan(0);
    t.check(d);
  }
}

const is = (type: string, args?: Record<string, unknown>): Check => (d) => {
  expect(d.action.type, `${d.say} (${d.source})`).toBe(type);
  if (args) expect(d.action.args, d.say).toMatchObject(args);
};
const asks = (...names: string[]): Check => (d) => {
  expect(d.action.type, d.say).toBe('talk');
  for (const n of names) expect(d.say).toContain(n);
};
const notA = (...types: string[]): Check => (d) => expect(types, d.say).not.toContain(d.action.type);

/** The conversations, per kind, in the four languages: [lang, first, second, (third)]. */
const KINDS: Record<string, { npc: string; lines: Record<Language, string[]>; checks: Check[] }> = {
  'an amount after a price quote buys that many': {
    npc: 'hans', checks: [is('quote_price', { item: 'Red Potion', price: 50 }), is('buy', { item: 'Red Potion', amount: 12, price: 600 })],
    lines: { en: ['how much are red potions?', 'a dozen'], 'pt-BR': ['quanto custa a poção vermelha?', 'me vê uma dúzia'], es: ['cuanto cuesta la pocion roja?', 'dame una docena'], id: ['brp harga pot merah?', 'selusin dong'] },
  },
  '"two more" after a purchase buys two more': {
    npc: 'hans', checks: [is('buy', { item: 'Fly Wing', amount: 10, price: 600 }), is('buy', { item: 'Fly Wing', amount: 2, price: 120 })],
    lines: { en: ['wtb 10 fly wings', 'two more'], 'pt-BR': ['quero comprar 10 asas de mosca', 'mais duas'], es: ['quiero comprar 10 alas de mosca', 'dos mas'], id: ['mau beli 10 fly wing', '2 lagi gan'] },
  },
  'agreeing after a warp fee warps': {
    npc: 'leilah', checks: [is('quote_price', { item: 'Warp to Geffen', price: 1200 }), is('warp', { destination: 'Geffen', map: 'geffen', fee: 1200 })],
    lines: { en: ['how much to warp to geffen?', 'sure, go ahead'], 'pt-BR': ['quanto custa o teleporte pra geffen?', 'bora, pode mandar'], es: ['cuanto cuesta el teletransporte a geffen?', 'dale'], id: ['brp harga warp ke geffen?', 'gas'] },
  },
  'a correction changes the destination (and a yes then warps there)': {
    npc: 'leilah', checks: [is('quote_price', { item: 'Warp to Geffen' }), is('quote_price', { item: 'Warp to Payon', price: 1200 }), is('warp', { destination: 'Payon' })],
    lines: { en: ['how much is a teleport to geffen?', 'actually, make it payon', 'ok'], 'pt-BR': ['qnt é o tp pra geffen?', 'na verdade, muda pra payon', 'blz, pode ser'], es: ['cuanto sale el teletransporte a geffen?', 'mejor a payon', 'vale'], id: ['harga tp ke geffen brp?', 'eh ganti payon aja', 'oke'] },
  },
  'a refusal closes the offer: no warp': {
    npc: 'leilah', checks: [is('quote_price', { item: 'Warp to Payon' }), (d) => { notA('warp')(d); expect(d.action.type).toBe('talk'); }],
    lines: { en: ['how much to warp to payon?', 'nah'], 'pt-BR': ['quanto custa o teleporte pra payon?', 'não, valeu'], es: ['cuanto cuesta el teletransporte a payon?', 'no gracias'], id: ['brp harga warp ke payon?', 'gak usah'] },
  },
  'a continuation asks the same about another place': {
    npc: 'bertram', checks: [is('give_directions', { destination: 'Inn' }), is('give_directions', { destination: 'Church' })],
    lines: { en: ['where is the inn?', 'and the church?'], 'pt-BR': ['onde fica a pousada?', 'e a igreja?'], es: ['donde esta la posada?', 'y la iglesia?'], id: ['penginapan dimana?', 'kalo gereja?'] },
  },
  'a reference ("take me there") goes where the last answer pointed': {
    npc: 'leilah', checks: [is('give_directions', { destination: 'Payon' }), is('warp', { destination: 'Payon' })],
    lines: { en: ['where is payon?', 'take me there'], 'pt-BR': ['onde fica payon?', 'me leva pra lá'], es: ['donde queda payon?', 'llevame alla'], id: ['payon dimana?', 'anterin ke sana'] },
  },
  'an ambiguous request makes the NPC ask, naming the choices; "the blue one" settles it': {
    npc: 'hans', checks: [asks('Red Potion', 'Blue Potion', 'Orange Potion'), is('buy', { item: 'Blue Potion', amount: 1, price: 5000 })],
    lines: { en: ['i want a potion', 'the blue one'], 'pt-BR': ['quero uma poção', 'a azul'], es: ['quiero una pocion', 'la azul'], id: ['mau beli potion', 'yg biru'] },
  },
  'asking whether something is sold never sells it; the amount then does': {
    npc: 'hans', checks: [(d) => { notA('buy', 'sell')(d); expect(d.action).toMatchObject({ type: 'quote_price', args: { item: 'Fly Wing', price: 60 } }); }, is('buy', { item: 'Fly Wing', amount: 5, price: 300 })],
    lines: { en: ['do you sell fly wings?', '5 please'], 'pt-BR': ['vc vende asa de mosca?', '5 pfv'], es: ['vendes alas de mosca?', '5 porfa'], id: ['ada jual fly wing gk?', '5 aja'] },
  },
  '"all of them" buys the whole stock': {
    npc: 'hans', checks: [(d) => { notA('buy')(d); expect(d.action).toMatchObject({ args: { item: 'Yellow Potion' } }); }, is('buy', { item: 'Yellow Potion', amount: 7, price: 3850 })],
    lines: { en: ['do you have yellow potions?', "I'll take all of them"], 'pt-BR': ['tem poção amarela?', 'levo todas'], es: ['tienes pociones amarillas?', 'me llevo todas'], id: ['ada pot kuning gk?', 'ambil semuanya'] },
  },
};

const insultedRemarks = (lang: Language): string[] => [...catalogFor(lang).remarks.insulted, ...catalogFor(lang).remarks.insultedCold].map((l) => l.replace('{Y}', 'Aria'));
let said: string[] = [];
KINDS['an apology wins a guard back (no grudge left to show)'] = {
  npc: 'bertram', checks: [
    is('talk'),
    (d) => { is('talk')(d); said = [d.say]; },
    (d) => { for (const r of insultedRemarks(d.language as Language)) expect(d.say).not.toContain(r); expect(d.say).not.toBe(said[0]); },
  ],
  lines: { en: ['you are an idiot', 'sorry about that', 'hello'], 'pt-BR': ['seu idiota', 'foi mal, desculpa', 'oi'], es: ['eres un idiota', 'perdon, lo siento', 'hola'], id: ['dasar goblok', 'maaf ya', 'halo'] },
};
let replies: string[] = [];
KINDS['no reply repeats one of the last few to the same player'] = {
  npc: 'hans', checks: [
    (d) => { replies = [d.say]; },
    (d) => { expect(replies).not.toContain(d.say); replies.push(d.say); },
    (d) => { expect(replies).not.toContain(d.say); },
  ],
  lines: { en: ['hi', 'hi', 'hi'], 'pt-BR': ['oi', 'oi', 'oi'], es: ['hola', 'hola', 'hola'], id: ['halo', 'halo', 'halo'] },
};

const LANGS: Language[] = ['en', 'pt-BR', 'es', 'id'];

describe('multi-turn conversations through HTTP', () => {
  for (const [kind, c] of Object.entries(KINDS)) {
    describe(kind, () => {
      for (const lang of LANGS) {
        it(lang, async () => {
          const lines = c.lines[lang];
          await converse(c.npc, lang, lines.map((text, i) => ({ text, check: c.checks[i] ?? (() => undefined) })));
        });
      }
    });
  }

  it('the conversations are stored in PostgreSQL with their language', async () => {
    for (let i = 0; i < 100 && Number((await s.db.database.db.selectFrom('decisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) < players * 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const rows = await s.db.database.db.selectFrom('decisions').select(['reply', 'player_id']).execute();
    expect(rows.length).toBeGreaterThanOrEqual(players * 2);
    const langs = new Set(rows.map((r) => (r.reply as { language?: string }).language));
    expect([...langs].sort()).toEqual(['en', 'es', 'id', 'pt-BR']);
  });
});
