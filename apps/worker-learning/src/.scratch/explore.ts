import { generateCorpus, train, exportOnnx, IntentClassifier, combineIntents, splitHeldOut } from '@npc/intent-model';
import { recognize } from '@npc/rules';
import { signature } from '../signature';
const per = Number(process.argv[2] ?? 100);
let t = performance.now();
const corpus = generateCorpus({ seed: 1, perIntent: per });
const { train: tr } = splitHeldOut(corpus.map((e) => ({ ...e })));
const model = train(tr, { seed: 1 });
console.log('train ms', performance.now() - t, tr.length);
const cls = await IntentClassifier.load(exportOnnx(model, {}), { device: 'cpu' });
const items = ['red potion', 'fly wing', 'blue potion', 'yellow potion', 'butterfly wing', 'white potion', 'orange potion', 'green potion', 'arrow', 'awakening potion'];
const fams: Record<string, (n: number, i: string) => string> = {
  hook: (n, i) => `yo hook me up w/ ${n} of that ${i}`,
  slide: (n, i) => `slide ${n} ${i} my way fam`,
  bless: (n, i) => `yo bless me with ${n} ${i} fam`,
  cop: (n, i) => `lemme cop ${n} ${i} real quick`,
  toss: (n, i) => `toss ${n} ${i} over here bro`,
  plug: (n, i) => `be my plug for ${n} ${i} yo`,
  stack: (n, i) => `stack me ${n} ${i} on the tab`,
  drip: (n, i) => `drop ${n} ${i} in my bag homie`,
};
for (const [name, f] of Object.entries(fams)) {
  const texts = items.flatMap((i, k) => [f(2 + k, i), f(13 + k * 3, i)]);
  const preds = await cls.classifyBatch(texts);
  const rows = texts.map((x, k) => ({ x, r: recognize(x, { eventType: 'talk' }).intent, m: preds[k]!, c: combineIntents(recognize(x, { eventType: 'talk' }).intent, preds[k]) }));
  const sigs = new Set(texts.map(signature));
  console.log(`\n== ${name} sigs=${[...sigs].join(' | ')}`);
  for (const r of rows.slice(0, 6)) console.log(`${r.x} | rules ${r.r.name}:${r.r.confidence.toFixed(2)} | model ${r.m.intent}:${r.m.confidence.toFixed(2)} | comb ${r.c.by} ${r.c.intent.name}:${r.c.intent.confidence.toFixed(2)}`);
  console.log('by model:', rows.filter((r) => r.c.by === 'model').length, '/', rows.length, 'rules>=0.55 non-open:', rows.filter((r)=> r.c.by==='rules' && !['lore','smalltalk','help','unknown'].includes(r.c.intent.name) && r.c.intent.confidence>=0.55).length);
}
await cls.release();
