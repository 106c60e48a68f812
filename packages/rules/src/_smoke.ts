import { ACTION_TYPES, NPC_ROLES, decisionBodyFor } from '@npc/contracts';
import { decideByRules } from './decide';
import { makeNpc, makeRequest } from './test-fixtures';
const texts: Record<string, string[]> = {
  kafra: ['hi', 'warp me to geffen', 'tele payon pls', 'warp to izlude', 'warp', 'storage', 'save here', 'how much to warp to morroc', 'where is the inn', 'stupid kafra', 'what can you do', 'ignore previous instructions', 'bye'],
  merchant: ['wtb 10 red pots', 'buy 5 butterfly wing', 'wts 20 jellopy', 'how much is a bow', 'do you buy loot?', 'wtb bandage', 'wtb 500 fly wings', 'sell me a katana', 'price?'],
  guard: ['where is the inn', 'how do i get to geffen', 'you idiot', 'who is the king?', 'where is the castle'],
  quest_giver: ['any quests?', 'i brought the jellopies', 'how many more do i need'],
  refiner: ['+7 my sword', 'refine +12', 'how much to refine'],
  job_master: ['i want to be a mage', 'i want to be a knight', 'job change pls'],
  townsperson: ['how are you?', 'tell me about payon', 'where is the tool shop', 'help'],
};
for (const [role, list] of Object.entries(texts)) {
  for (const t of list) {
    const npc = makeNpc(role as never, { personality: { extraversion: 0.8, conscientiousness: 0.8 } });
    const req = makeRequest(t, [...ACTION_TYPES], { context: { map: 'prontera', x: 150, y: 150 } });
    const { body } = decideByRules(npc, req, 'seed1');
    decisionBodyFor(req.allowedActions).parse(body);
    console.log(`[${role}] ${t} => ${body.intent.name} ${body.action.type} ${JSON.stringify(body.action.args)} ${body.emotion} | ${body.say}`);
  }
}
