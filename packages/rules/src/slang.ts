/**
 * Ragnarok Online chat as players type it, as tables the normaliser applies: single-token slang
 * and abbreviations, multi-word fixes, number words, leetspeak digits, English contractions.
 */

/** Single-token slang and abbreviations → their expansion ('' drops the token). */
const SLANG_TABLE: Readonly<Record<string, string>> = {
  wtb: 'want to buy', wts: 'want to sell', wtt: 'want to trade', wtf: 'what the',
  pot: 'potion', pots: 'potions', potz: 'potions', potn: 'potion', potns: 'potions',
  tele: 'teleport', tp: 'teleport', telly: 'teleport', teleporting: 'teleport', teleported: 'teleport', teleports: 'teleport',
  lf: 'looking for', lfm: 'looking for members', lfg: 'looking for group', lfp: 'looking for party',
  pls: 'please', plz: 'please', plox: 'please', plix: 'please', pleas: 'please', pleez: 'please', pleeze: 'please',
  plis: 'please', pleaze: 'please', plss: 'please', plzz: 'please', pleace: 'please', pl0x: 'please', plse: 'please',
  u: 'you', yu: 'you', yoo: 'you', ur: 'your', yur: 'your', youre: 'you are', r: 'are', ya: 'you',
  thx: 'thanks', thnx: 'thanks', thanx: 'thanks', thnks: 'thanks', tnx: 'thanks', thks: 'thanks', ty: 'thanks',
  tyvm: 'thanks', tyty: 'thanks', tx: 'thanks', thankyou: 'thank you', thanq: 'thanks', thankz: 'thanks',
  np: 'no problem', brb: 'be right back', afk: 'away from keyboard', gg: 'good game', gtg: 'got to go', g2g: 'got to go',
  cya: 'see you', cu: 'see you', bb: 'bye bye', bbl: 'be back later', ttyl: 'talk to you later', l8r: 'later', l8er: 'later',
  laterz: 'later', latr: 'later', byee: 'bye', bai: 'bye', byebye: 'bye bye', bubye: 'bye', gbye: 'goodbye', goodby: 'goodbye',
  sup: 'what is up', wassup: 'what is up', wazzup: 'what is up', whatsup: 'what is up', wasup: 'what is up', supp: 'what is up',
  hru: 'how are you', wbu: 'what about you', hbu: 'how about you', idk: 'i do not know', dunno: 'do not know', idc: 'i do not care',
  k: 'ok', kk: 'ok', okie: 'ok', okey: 'ok', oki: 'ok', okay: 'ok', okies: 'ok',
  ppl: 'people', bc: 'because', cuz: 'because', coz: 'because', cos: 'because', rly: 'really', srsly: 'seriously',
  wat: 'what', wut: 'what', wht: 'what', wot: 'what', wher: 'where', whr: 'where', whre: 'where', hw: 'how', hows: 'how is',
  yea: 'yes', yeah: 'yes', yah: 'yes', yep: 'yes', yup: 'yes', ye: 'yes', nah: 'no', nope: 'no', naw: 'no',
  sry: 'sorry', srry: 'sorry', soz: 'sorry', sowwy: 'sorry', sorri: 'sorry',
  mornin: 'morning', morn: 'morning', evenin: 'evening', nite: 'night', gn: 'good night', gnite: 'good night', gm: 'good morning',
  lvl: 'level', lv: 'level', lvls: 'levels', jlvl: 'job level', blvl: 'base level',
  jc: 'job change', jobchange: 'job change', savepoint: 'save point', spawnpoint: 'spawn point',
  stor: 'storage', storge: 'storage', storag: 'storage', z: 'zeny', zenny: 'zeny', zenies: 'zeny', zennies: 'zeny', zenys: 'zeny',
  ea: 'each', im: 'i am', ive: 'i have', dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'cannot', wont: 'will not',
  isnt: 'is not', arent: 'are not', wasnt: 'was not', havent: 'have not', couldnt: 'could not', wouldnt: 'would not',
  shouldnt: 'should not', aint: 'is not', whats: 'what is', wheres: 'where is', whos: 'who is', thats: 'that is',
  theres: 'there is', heres: 'here is', wanna: 'want to', gonna: 'going to', gotta: 'got to', lemme: 'let me', gimme: 'give me',
  gimmie: 'give me', tryna: 'trying to', kinda: 'kind of', sorta: 'sort of', howdy: 'howdy',
  helo: 'hello', hallo: 'hello', hullo: 'hello', ello: 'hello', henlo: 'hello', hellow: 'hello', halo: 'hello', hellp: 'help',
  hai: 'hi', hy: 'hi', heyo: 'hey', hiya: 'hiya', heya: 'hey',
  teh: 'the', da: 'the', dis: 'this', dat: 'that', wen: 'when', n: 'and', tho: 'though', thru: 'through',
  '2day': 'today', '2morrow': 'tomorrow', tmrw: 'tomorrow', tmr: 'tomorrow', b4: 'before', gr8: 'great', m8: 'mate',
  stfu: 'shut up', gtfo: 'get out', kys: 'kill yourself', fu: 'fuck you', fk: 'fuck', fuk: 'fuck', fck: 'fuck',
  fuq: 'fuck', phuck: 'fuck', fcuk: 'fuck', fking: 'fucking', fkin: 'fucking', fcking: 'fucking', fuking: 'fucking',
  sht: 'shit', shiet: 'shit', shyt: 'shit', btch: 'bitch', biatch: 'bitch', bich: 'bitch', ahole: 'asshole',
  stoopid: 'stupid', stupit: 'stupid', stupd: 'stupid', stuped: 'stupid', stupido: 'stupid', stoopit: 'stupid', stpid: 'stupid',
  idjit: 'idiot', idot: 'idiot', idoit: 'idiot', idiota: 'idiot', dumbass: 'dumb ass', dumass: 'dumb ass', dum: 'dumb',
  nub: 'noob', n00b: 'noob', nubs: 'noobs', noobie: 'newbie', newb: 'newbie', nooby: 'noob', newby: 'newbie', newbee: 'newbie',
  pc: 'price check', rn: 'right now', atm: 'at the moment', inv: 'inventory', eq: 'equipment', equips: 'equipment',
  wep: 'weapon', weap: 'weapon', wpn: 'weapon', armr: 'armor', armour: 'armor', upg: 'upgrade', ref: 'refine', refin: 'refine',
  loc: 'location', mobs: 'monsters', mob: 'monster', exp: 'experience', xp: 'experience', cheerz: 'cheers',
  thankss: 'thanks', goodnight: 'good night', goodmorning: 'good morning', gday: 'good day', bye2: 'bye',
  ggs: 'good game', smth: 'something', sth: 'something', sb: 'somebody', abt: 'about', bout: 'about', pwease: 'please',
  mayb: 'maybe', plzzz: 'please', doin: 'doing', goin: 'going', nothin: 'nothing', somethin: 'something', sayin: 'saying', msg: 'message', pm: 'message', teleportation: 'teleport', ninjas: 'ninjas',
};

export const SLANG: ReadonlyMap<string, string> = new Map(Object.entries(SLANG_TABLE));

/** Multi-word fixes applied on the joined token text, each only when its trigger occurs. */
export const PHRASES: readonly (readonly [trigger: string, pattern: RegExp, replacement: string])[] = [
  ['port', /\bport (me|us)\b/g, 'teleport $1'],
  ['save', /\bsave ?spot\b/g, 'save point'],
  ['bye', /\bgood ?bye\b/g, 'goodbye'],
  ['thank', /\bthanks? you\b/g, 'thanks'],
  ['i m', /\bi m\b/g, 'i am'],
  ['do nt', /\bdo nt\b/g, 'do not'],
];

/** Number words used as counts. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, dozen: 12, couple: 2,
};
/** Number words that only count when an item follows (so "a" or "one" in prose are ignored). */
export const numberWordValue = (token: string): number | undefined => NUMBER_WORDS[token];

/** Leetspeak digits → letters (undone only in tokens that mix letters and digits). */
export const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's' };

/** English contractions expanded before tokenising. */
export const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bcan'?t\b/g, 'cannot'], [/\bwon'?t\b/g, 'will not'], [/\bain'?t\b/g, 'is not'], [/\blet's\b/g, 'let us'],
  [/n't\b/g, ' not'], [/'m\b/g, ' am'], [/'re\b/g, ' are'], [/'ve\b/g, ' have'], [/'ll\b/g, ' will'], [/'d\b/g, ' would'],
  [/\b(what|where|who|how|it|that|there|here|he|she|when|why)'s\b/g, '$1 is'], [/'s\b/g, ''],
];
