/**
 * The agent scene of the demo (issue 5), through the HTTP API only: NPCs with behaviour trees
 * (PUT /v1/npcs), world events (POST /v1/events, an npc:write or admin key), decisions (POST /v1/decisions) and the
 * intention registry (GET /v1/npcs/{id}/intentions). Two quest givers share a player's single
 * quest slot (the second defers while the first holds it), a nervous guard raises the alarm, a
 * merchant haggles by personality, and NPCs remember the player from earlier in the scene.
 */
import { EXAMPLE_TREES } from '@npc/agent';
import { Decision, NpcIntentions, WorldEvent, type ActionType, type NpcInput } from '@npc/contracts';
import { api, ApiError, type ApiTarget } from '@npc/gateway-client';

const QUEST_ACTIONS: ActionType[] = ['talk', 'emote', 'give_quest', 'complete_quest'];
const SHOP_ACTIONS: ActionType[] = ['talk', 'emote', 'buy', 'quote_price', 'open_shop'];
const GUARD_ACTIONS: ActionType[] = ['talk', 'emote', 'call_guards', 'attack', 'walk'];

const NPCS: Record<string, NpcInput> = {
  scene_mira: {
    name: 'Mira', role: 'quest_giver', personality: { extraversion: 0.8, agreeableness: 0.8 },
    background: 'Runs errands for the Prontera church; hands out one task at a time.',
    services: { quests: [{ id: 'jellopy_hunt', name: 'Jellopy Hunt', maxLevel: 40, requires: [{ item: 'Jellopy', amount: 10 }], reward: '500 base exp' }] },
    behaviorTree: EXAMPLE_TREES.questGiver,
  },
  scene_rigel: {
    name: 'Old Rigel', role: 'quest_giver', personality: { conscientiousness: 0.8, extraversion: 0.3 },
    background: 'A retired adventurer with chores for young ones.',
    services: { quests: [{ id: 'fluff_gathering', name: 'Fluff Gathering', maxLevel: 40, requires: [{ item: 'Fluff', amount: 5 }], reward: '300 zeny' }] },
    behaviorTree: EXAMPLE_TREES.questGiver,
  },
  scene_hans: {
    name: 'Hans', role: 'merchant', personality: { agreeableness: 0.85, extraversion: 0.6 },
    background: 'Tool dealer on the Prontera market street.',
    services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] },
    behaviorTree: EXAMPLE_TREES.merchant,
  },
  scene_bertram: {
    name: 'Bertram', role: 'guard', personality: { neuroticism: 0.85, agreeableness: 0.45 },
    background: 'A jumpy gate guard of Prontera.',
    services: {},
    behaviorTree: EXAMPLE_TREES.guard,
  },
};

const show = (d: Decision): string => {
  const args = Object.keys(d.action.args).length ? ` ${JSON.stringify(d.action.args)}` : '';
  return `[${d.action.type}${args}] emotion=${d.emotion ?? '-'} source=${d.source} ${Math.round(d.latencyMs)} ms`;
};

/** Plays the scene against a running gateway (an admin key is needed for the world events). */
export async function playAgentScene(target: { url: string; key: string }, say: (line: string) => void): Promise<void> {
  const t: ApiTarget = target;
  const player = { id: `aria-${Date.now().toString(36)}`, name: 'Aria', level: 15, job: 'Swordman', zeny: 50_000 };
  let admin = true;

  say('\n== Agents: personality, memory, behaviour trees and coordination ==');
  for (const [id, npc] of Object.entries(NPCS)) {
    const { status } = await api(t, 'PUT', `/v1/npcs/${id}`, npc);
    say(`  PUT /v1/npcs/${id} → ${status}: ${npc.name} (${npc.role}) with a behaviour tree`);
  }
  try {
    await api(t, 'PUT', '/v1/npcs/scene_bad_tree', { name: 'Broken', role: 'guard', behaviorTree: { type: 'selector', children: [{ type: 'action', call: 'Rules' }, { type: 'action', call: 'Teleport' }] } });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const e = (err.body as { error?: { field?: string } }).error;
    say(`  PUT a tree with an unknown leaf → ${err.status}, error.field = ${e?.field ?? '?'}`);
  }

  say('\n  World events (shared knowledge, POST /v1/events):');
  for (const ev of [
    { type: 'boss_spawn', text: 'Baphomet spawned on prt_fild08', map: 'prt_fild08', importance: 0.9, ttlS: 600 },
    { type: 'price_change', text: 'red potion prices are up 20% since the herb shortage', item: 'Red Potion', priceFactor: 1.2, importance: 0.5, ttlS: 600 },
  ]) {
    try {
      const { status, body } = await api(t, 'POST', '/v1/events', ev, WorldEvent);
      say(`    → ${status} "${body.text}"`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 403) throw err;
      admin = false;
      say('    (skipped: the demo key is not an admin key)');
      break;
    }
  }

  /** Memory lands just after each reply: with an admin key, wait until it has (at most a second). */
  const settle = async (npcId: string, visits: number): Promise<void> => {
    if (!admin) return new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50; i++) {
      try {
        const { body } = await api<{ state: { visits: number } }>(t, 'GET', `/v1/npcs/${npcId}/memories/${player.id}`);
        if (body.state.visits >= visits) return;
      } catch {
        // not yet remembered (404)
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const visits = new Map<string, number>();
  const talk = async (npcId: string, text: string | undefined, allowed: ActionType[], event = 'talk'): Promise<Decision> => {
    const { body } = await api(t, 'POST', '/v1/decisions', {
      npc: { id: npcId }, player, event: { type: event, ...(text ? { text } : {}) }, allowedActions: allowed, deadlineMs: 1000,
    }, Decision);
    say(`\n  ${player.name} → ${NPCS[npcId]?.name ?? npcId}: ${text ? `"${text}"` : `(${event})`}`);
    say(`  ${NPCS[npcId]?.name ?? npcId}: "${body.say}"`);
    say(`      ${show(body)}`);
    const n = (visits.get(npcId) ?? 0) + 1;
    visits.set(npcId, n);
    if (event !== 'proximity') await settle(npcId, n);
    return body;
  };
  const intentions = async (npcId: string): Promise<void> => {
    const { body } = await api(t, 'GET', `/v1/npcs/${npcId}/intentions`, undefined, NpcIntentions);
    const held = body.intentions.map((i) => `${i.resource} (fencing token ${i.token}, until ${i.expiresAt.slice(11, 19)})`);
    say(`      GET /v1/npcs/${npcId}/intentions → ${held.length ? held.join(', ') : 'holds nothing'}`);
  };

  say(`\n-- ${player.name} (level ${player.level} ${player.job}) meets them for the first time --`);
  await talk('scene_hans', 'I want to buy 10 red potions', SHOP_ACTIONS);
  await talk('scene_mira', 'any work for me?', QUEST_ACTIONS);
  await intentions('scene_mira');
  say('\n-- Old Rigel wants to give her a task too, but her one quest slot is taken: he defers --');
  await talk('scene_rigel', 'do you have a task for me?', QUEST_ACTIONS);
  await intentions('scene_rigel');
  await talk('scene_bertram', 'hello', GUARD_ACTIONS);
  await talk('scene_bertram', 'you are a useless idiot', GUARD_ACTIONS);

  say(`\n-- Later: the NPCs remember ${player.name} --`);
  await talk('scene_hans', 'hello', SHOP_ACTIONS);
  await talk('scene_hans', 'can I have a discount on 5 red potions?', SHOP_ACTIONS);
  await talk('scene_bertram', undefined, GUARD_ACTIONS, 'proximity');
  await talk('scene_mira', 'I brought the jellopies', QUEST_ACTIONS);
  await intentions('scene_mira');
  say('\n-- The slot is free again: now Old Rigel can give his task --');
  await talk('scene_rigel', 'do you have a task for me?', QUEST_ACTIONS);
  await intentions('scene_rigel');

  if (admin) {
    const { body } = await api<{ source: string; state: { visits: number; episodes: { text: string }[] } }>(t, 'GET', `/v1/npcs/scene_hans/memories/${player.id}`);
    say(`\n  What Hans remembers of ${player.name} (GET /v1/npcs/scene_hans/memories/${player.id}, from ${body.source}):`);
    for (const m of body.state.episodes) say(`    - ${m.text}`);
  }
}
