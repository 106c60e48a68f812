import { ACTION_TYPES, SAY_MAX } from '@npc/contracts';

/** A JSON value as parsed from a request body. */
export type JsonNode = string | number | boolean | null | JsonNode[] | { [key: string]: JsonNode };

/** What the fake needs from a request to write a decision. */
export interface DecisionContext {
  messages: { role: string; content: string }[];
  schema: JsonNode | null;
}

export interface FakeDecision {
  intent: { name: string; confidence: number };
  action: { type: string; args: Record<string, JsonNode> };
  say: string;
  emotion: string | null;
}

type Obj = { [key: string]: JsonNode };
const isObj = (v: JsonNode | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const prop = (o: JsonNode | undefined, ...path: string[]): JsonNode | undefined => {
  let cur = o;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
};

/** Every string in the `enum`s of a node (through `anyOf`/`oneOf`). */
function enumOf(node: JsonNode | undefined): string[] {
  if (!isObj(node)) return [];
  const out: string[] = [];
  if (Array.isArray(node.enum)) for (const e of node.enum) if (typeof e === 'string') out.push(e);
  if (typeof node.const === 'string') out.push(node.const);
  for (const k of ['anyOf', 'oneOf'] as const) {
    const list = node[k];
    if (Array.isArray(list)) for (const b of list) out.push(...enumOf(b));
  }
  return out;
}

function variantFor(schema: JsonNode | null, type: string): Obj | null {
  const action = prop(schema ?? null, 'properties', 'action');
  if (!isObj(action)) return null;
  const variants = Array.isArray(action.anyOf) ? action.anyOf : Array.isArray(action.oneOf) ? action.oneOf : [action];
  for (const v of variants) if (isObj(v) && enumOf(prop(v, 'properties', 'type')).includes(type)) return v;
  return null;
}

const SAMPLE_STRINGS: Record<string, string> = {
  destination: 'Prontera', place: 'Prontera', map: 'prontera', item: 'Red Potion', quest: 'Poring Hunt',
  job: 'Swordman', reward: 'Jellopy', shop: 'Tool Shop', slot: 'weapon', target: 'Poring', reason: 'trouble at the gate',
};

function sampleValue(key: string, s: JsonNode): JsonNode {
  if (!isObj(s)) return null;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const e = enumOf(s);
  if (e.length) return e[0] ?? null;
  if (types.includes('string')) return SAMPLE_STRINGS[key] ?? 'something';
  if (types.includes('integer') || types.includes('number')) {
    const min = typeof s.minimum === 'number' ? s.minimum : 0;
    const max = typeof s.maximum === 'number' ? s.maximum : 1_000_000;
    const want = key === 'x' || key === 'y' ? 150 : key === 'amount' || key === 'level' ? 1 : 100;
    return Math.min(max, Math.max(min, want));
  }
  if (types.includes('boolean')) return false;
  return null;
}

/** Args for one action variant: required non-nullable keys get sample values, nullable ones null. */
function argsFor(variant: Obj | null): Record<string, JsonNode> {
  const args = prop(variant ?? null, 'properties', 'args');
  if (!isObj(args) || !isObj(args.properties)) return {};
  const required = new Set(Array.isArray(args.required) ? args.required.filter((r): r is string => typeof r === 'string') : []);
  const out: Record<string, JsonNode> = {};
  for (const [k, s] of Object.entries(args.properties)) {
    const nullable = isObj(s) && ((Array.isArray(s.type) && s.type.includes('null')) || enumOf(s).length === 0 && Array.isArray(s.anyOf) && s.anyOf.some((b) => isObj(b) && b.type === 'null'));
    if (!required.has(k)) continue;
    out[k] = nullable ? null : sampleValue(k, s);
  }
  return out;
}

/** The NPC's name as the prompt introduces it ("You are NAME, …"). */
function npcName(messages: DecisionContext['messages']): string {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  return /You are ([^,.\n]{1,40})[,.]/.exec(system)?.[1]?.trim() ?? 'the NPC';
}

/** What the player said: the quoted `Player says:` line when present, else the last user message. */
export function playerText(messages: DecisionContext['messages']): string {
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return /Player says: "([^\n]*)"/.exec(user)?.[1] ?? user;
}

const INTENT_CUES: [RegExp, string][] = [
  [/\b(warp|teleport|send me)\b/i, 'warp'],
  [/\b(buy|purchase)\b/i, 'buy'],
  [/\b(sell)\b/i, 'sell'],
  [/\b(price|cost|how much)\b/i, 'price_check'],
  [/\b(where|way to|directions?)\b/i, 'directions'],
  [/\b(storage)\b/i, 'storage'],
  [/\b(save)\b/i, 'save_point'],
  [/\b(quest|task|job for me)\b/i, 'quest_request'],
  [/\b(refine|upgrade)\b/i, 'refine'],
  [/\b(bye|farewell|see you)\b/i, 'farewell'],
  [/\b(hi|hello|hey|greetings)\b/i, 'greet'],
  [/\b(help)\b/i, 'help'],
];

const LINES: Record<string, (npc: string) => string> = {
  talk: (npc) => `Well met, traveller! ${npc} at your service. What brings you here today?`,
  emote: () => '',
  ignore: () => '',
  give_directions: () => 'Head out the east gate and follow the road; you cannot miss it.',
  quote_price: () => 'That one? A fair price, I assure you.',
  open_shop: () => 'Take a look at my wares, friend!',
  buy: () => 'A fine choice. Here you go!',
  sell: () => 'I will take that off your hands.',
  warp: () => 'Hold still, here we go!',
  open_storage: () => 'Your storage is open. Mind your belongings!',
  save_point: () => 'Your save point has been recorded.',
  give_quest: () => 'I have a task for someone brave like you.',
  complete_quest: () => 'Splendid work! Here is your reward.',
  job_change: () => 'You are ready. Embrace your new path!',
  refine: () => 'Let me see that equipment of yours...',
  attack: () => 'You will regret this!',
  call_guards: () => 'Guards! Over here!',
  walk: () => 'Excuse me, I have somewhere to be.',
};

/** The preferred action among the allowed ones: talk first, then arg-less ones, then the rest. */
const PREFERENCE = ['talk', 'open_shop', 'open_storage', 'emote', 'ignore'];

/** A valid, in-character decision for the action types in the request's schema. */
export function makeDecision(req: DecisionContext, allowed: readonly string[]): FakeDecision {
  const type = PREFERENCE.find((t) => allowed.includes(t)) ?? allowed[0] ?? 'talk';
  const npc = npcName(req.messages);
  const text = playerText(req.messages);
  const intents = enumOf(prop(req.schema, 'properties', 'intent', 'properties', 'name'));
  let intent = INTENT_CUES.find(([re]) => re.test(text))?.[1] ?? (text.trim() ? 'smalltalk' : 'unknown');
  if (intents.length && !intents.includes(intent)) intent = intents.includes('unknown') ? 'unknown' : (intents[0] ?? intent);
  const emotions = enumOf(prop(req.schema, 'properties', 'emotion'));
  const wanted = type === 'talk' ? 'e_heh' : type === 'warp' ? 'e_go' : 'e_ok';
  const emotion = emotions.includes(wanted) ? wanted : (emotions[0] ?? null);
  const say = (LINES[type] ?? LINES.talk!)(npc).slice(0, SAY_MAX);
  return {
    intent: { name: intent, confidence: 0.8 },
    action: { type, args: argsFor(variantFor(req.schema, type)) },
    say,
    emotion,
  };
}

/** A decision that breaks the contract in one of several ways (chosen by `rand`). */
export function offContract(req: DecisionContext, allowed: readonly string[], rand: () => number): Record<string, JsonNode> {
  const d = makeDecision(req, allowed);
  const valid: Record<string, JsonNode> = { intent: d.intent, action: d.action, say: d.say, emotion: d.emotion };
  const outside = ACTION_TYPES.filter((t) => !allowed.includes(t));
  const variants: (() => Record<string, JsonNode>)[] = [
    () => ({ ...valid, action: { type: outside[Math.floor(rand() * outside.length)] ?? 'dance', args: {} } }),
    () => ({ ...valid, action: { type: d.action.type, args: { ...d.action.args, bogus: true } } }),
    () => ({ ...valid, say: 'So long and thanks for all the fish! '.repeat(12) }),
    () => ({ ...valid, emotion: 'e_dance' }),
    () => ({ ...valid, intent: { name: d.intent.name, confidence: 1.5 } }),
    () => ({ intent: d.intent, action: d.action, emotion: d.emotion }),
    () => ({ ...valid, action: { type: 'warp', args: { destination: '', x: -5 } } }),
  ];
  return (variants[Math.floor(rand() * variants.length)] ?? variants[0]!)();
}
