/**
 * What an NPC remembers of a finished decision: the player's name, purchases and sales (item,
 * amount, price), promises (quests given), quests done, insults, violence, alarms, warps, job
 * changes… each with an importance 0..1 fixed here. Deterministic: the same record gives the same
 * memories (ids derive from the decision id, so a retried write is recognised).
 */
import type { DecisionRecord, Memory, MemoryFacts, MemoryKind, Npc, Personality } from '@npc/contracts';
import { normalize } from '@npc/rules';

/** An apology, or kind words, in any language the recogniser reads (its text is English once normalised). */
const APOLOGY = /\b(sorry|i apologize|apologies|my bad|forgive me|i did not mean it)\b/;
const KINDNESS = /\b(thanks|thank you|you are (so |very |really )?(nice|kind|great|awesome|the best|lovely|sweet|amazing|helpful)|you rock|much appreciated)\b/;

/** A printable, short player name (players choose theirs), or undefined. */
export function cleanName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (/^[A-Za-z0-9_.'-][A-Za-z0-9 _.'-]{0,23}$/.test(name) && !name.endsWith(' ') && !name.includes('  ')) return name;
  const clean = name.normalize('NFKC').replace(/[^\p{L}\p{N} _.'-]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 24).trim();
  return clean.length > 0 ? clean : undefined;
}

const money = (n: number): string => `${Math.trunc(n).toLocaleString('en-US')} zeny`;
const plural = (item: string, amount: number): string => (amount > 1 && !/s$/i.test(item) ? `${item}s` : item);

/** Importance of a purchase or sale grows with its value: log scale, 500 z ≈ +0.18, 1 M z ≈ +0.4. */
const valueWeight = (zeny: number): number => Math.min(0.4, Math.log10(Math.max(1, zeny) + 1) / 15);

export interface EpisodeOptions {
  /** What the NPC knew before this decision (no memory: the first encounter). */
  knewPlayer: boolean;
  /** A note from the agent (behaviour tree) about this decision, e.g. it deferred to another NPC. */
  deferredTo?: string;
  /** The latest chat memory (chats within `chatGapMs` of it are not remembered again). */
  lastChatAt?: number;
  chatGapMs?: number;
}

/**
 * The memories one decision leaves. Chit-chat is remembered once per half hour; idle ticks and
 * silent proximity leave nothing.
 */
export function episodesOf(record: DecisionRecord, npc: Pick<Npc, 'services' | 'personality'>, opts: EpisodeOptions): Memory[] {
  const { request, decision } = record;
  const ev = request.event.type;
  const action = decision.action;
  const intent = decision.intent.name;
  if (ev === 'idle') return [];
  const name = cleanName(request.player.name) ?? 'the player';
  const at = record.decidedAt;
  const out: Memory[] = [];
  const add = (kind: MemoryKind, text: string, importance: number, facts?: MemoryFacts) => {
    out.push({
      id: `${decision.decisionId}:${out.length}`,
      kind,
      text: text.slice(0, 240),
      importance: Math.round(Math.min(1, Math.max(0, importance)) * 1000) / 1000,
      at,
      ...(facts && Object.keys(facts).length ? { facts } : {}),
    });
  };
  const traits: Personality = npc.personality;
  // A quest's name, never its internal id ("a task" when the NPC no longer has it).
  const questName = (id: string): string => npc.services.quests?.find((q) => q.id === id)?.name ?? 'a task';

  if (ev === 'combat') add('violence', `${name} attacked me.`, 1, { intent });
  else if (intent === 'insult') add('insult', `${name} insulted me.`, 0.7 + 0.3 * traits.neuroticism, { intent });
  else if (request.event.text) {
    const said = normalize(request.event.text).text;
    if (APOLOGY.test(said)) add('apology', `${name} apologised to me.`, 0.5, { intent });
    else if (KINDNESS.test(said)) add('kindness', `${name} was kind to me.`, 0.2, { intent });
  }

  switch (action.type) {
    case 'buy':
      add('purchase', `${name} bought ${action.args.amount} ${plural(action.args.item, action.args.amount)} from me for ${money(action.args.price)}.`,
        0.4 + valueWeight(action.args.price), { item: action.args.item, amount: action.args.amount, price: action.args.price });
      break;
    case 'sell':
      add('sale', `${name} sold me ${action.args.amount} ${plural(action.args.item, action.args.amount)} for ${money(action.args.price)}.`,
        0.3 + valueWeight(action.args.price), { item: action.args.item, amount: action.args.amount, price: action.args.price });
      break;
    case 'give_quest': {
      const qn = questName(action.args.quest);
      add('quest_given', `I gave ${name} the task "${qn}"${action.args.reward ? ` and promised ${action.args.reward}` : ''}.`, 0.8,
        { quest: action.args.quest, questName: qn.slice(0, 120) });
      break;
    }
    case 'complete_quest': {
      const qn = questName(action.args.quest);
      add('quest_done', `${name} completed my task "${qn}"${action.args.reward ? ` and got ${action.args.reward}` : ''}.`, 0.7,
        { quest: action.args.quest, questName: qn.slice(0, 120) });
      break;
    }
    case 'warp':
      add('warp', `I sent ${name} to ${action.args.destination}.`, 0.3, { destination: action.args.destination });
      break;
    case 'job_change':
      add('job_change', `I made ${name} a ${action.args.job}.`, 0.9, { job: action.args.job });
      break;
    case 'refine':
      add('refine', `I refined ${action.args.item ? `${name}'s ${action.args.item}` : `${name}'s gear`}.`, 0.4, action.args.item ? { item: action.args.item } : undefined);
      break;
    case 'attack':
      add('alarm', `I attacked ${name}.`, 0.9, { intent });
      break;
    case 'call_guards':
      add('alarm', `I called the guards on ${name}.`, 0.9, { intent });
      break;
    case 'quote_price':
      add('price_check', `${name} asked the price of ${action.args.item}.`, 0.2, { item: action.args.item, price: action.args.price });
      break;
    case 'open_storage': case 'save_point': case 'open_shop': case 'give_directions':
      if (ev !== 'proximity') add('service', `${name} used my ${action.type.replace('_', ' ').replace('open ', '')} service.`, 0.15);
      break;
    default:
      break;
  }
  if (opts.deferredTo) add('deferred', `I sent ${name} to ${opts.deferredTo}, who was already handling it.`, 0.5, { other: opts.deferredTo.slice(0, 120) });

  if (out.length === 0 && ev !== 'proximity') {
    const gap = opts.chatGapMs ?? 30 * 60_000;
    if (!opts.knewPlayer) add('met', `I met ${name} for the first time.`, 0.3);
    else if (opts.lastChatAt === undefined || at - opts.lastChatAt >= gap) add('chat', `${name} stopped by to chat.`, 0.1, { intent });
  }
  return out;
}
