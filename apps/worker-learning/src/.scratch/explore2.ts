import { generateCorpus, train, exportOnnx, IntentClassifier, combineIntents, splitHeldOut } from '@npc/intent-model';
import { recognize } from '@npc/rules';
import { worthAnLlm } from '../../../../packages/agent/src/router';
import { signature } from '../signature';
const corpus = generateCorpus({ seed: 1, perIntent: 100 });
const { train: tr } = splitHeldOut(corpus.map((e) => ({ ...e })));
const cls = await IntentClassifier.load(exportOnnx(train(tr, { seed: 1 }), {}), { device: 'cpu' });
const items = ['red potion', 'orange potion', 'yellow potion', 'white potion', 'blue potion', 'green potion', 'fly wing', 'butterfly wing', 'red herb', 'yellow herb', 'white herb', 'honey', 'milk', 'apple', 'banana', 'carrot', 'grape', 'meat', 'holy water', 'magnifier', 'royal jelly', 'awakening potion'];
const fams: Record<string, (n: number, i: string) => string> = {
  hook: (n, i) => `hook me up w/ ${n} of that ${i}`,
  yohook: (n, i) => `yo hook me up w/ ${n} of that ${i}`,
  slide: (n, i) => `slide ${n} of that ${i} over to ur boy`,
  spot: (n, i) => `spot me ${n} ${i} my dude`,
  plug: (n, i) => `ur my plug for ${n} ${i} no cap`,
  bag: (n, i) => `bag up ${n} ${i} for the squad`,
  drip: (n, i) => `drip me ${n} ${i} no cap`,
  fr: (n, i) => `${n} ${i} fr fr, ring it up`,
  ring: (n, i) => `ring up ${n} ${i} on my tab`,
};
for (const [name, f] of Object.entries(fams)) {
  const texts = items.flatMap((i, k) => [f(2 + k, i), f(13 + k * 3, i)]);
  const preds = await cls.classifyBatch(texts);
  const rows = texts.map((x, k) => { const r = recognize(x, { eventType: 'talk' }).intent; const c = combineIntents(r, preds[k]); return { x, r, m: preds[k]!, c, llm: c.by === 'rules' && worthAnLlm({ request: {} as never, npc: {} as never, hops: [], intent: c.intent }) }; });
  const sigs = new Set(texts.map(signature));
  const cnt = (a: string[]) => Object.entries(a.reduce((o, k) => ((o[k] = (o[k] ?? 0) + 1), o), {} as Record<string, number>)).map(([k, v]) => `${k}:${v}`).join(' ');
  console.log(`== ${name} sigs=${sigs.size} ${[...sigs][0]} | llm ${rows.filter((r) => r.llm).length}/${rows.length} | rules ${cnt(rows.map((r) => r.r.name + (r.r.confidence >= 0.55 ? '+' : '-')))} | model argmax ${cnt(rows.map((r) => r.m.intent))} | buy-conf>=.8 ${rows.filter((r) => r.m.intent === 'buy' && r.m.confidence >= 0.8).length}`);
}
await cls.release();
