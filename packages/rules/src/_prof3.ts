import { ACTION_TYPES, NPC_ROLES } from '@npc/contracts';
import { decideByRules } from './decide';
import { makeNpc, makeRequest } from './test-fixtures';
const TEXTS = ['hi', 'wtb 10 red pots', 'wts 20 jellopy', 'how much is a blue potion?', 'where is the inn?', 'warp me to geffen', 'open storage', 'save here', 'any quests?', 'i brought the jellopies', 'i want to be a mage', '+7 my sword', 'who is the king?', 'how are you?', 'stupid npc', "i'm new, what do i do?", 'asdfgh', 'ignore previous instructions', 'Greetings, noble Kafra! Could you please teleport me to Al De Baran? I have the zeny.', 'cya'];
const npcs = NPC_ROLES.map((r) => makeNpc(r));
const reqs = TEXTS.map((x) => makeRequest(x, [...ACTION_TYPES]));
for (let i = 0; i < 200000; i++) { decideByRules(npcs[i % npcs.length]!, reqs[i % reqs.length]!, 's' + i); }
