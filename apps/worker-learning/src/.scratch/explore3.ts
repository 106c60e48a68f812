import { generateCorpus, train, exportOnnx, IntentClassifier, combineIntents, splitHeldOut, evaluate } from '@npc/intent-model';
import { recognize } from '@npc/rules';
import { worthAnLlm } from '../../../../packages/agent/src/router';
import { signature } from '../signature';
const PER = Number(process.argv[2] ?? 100);
const corpus = generateCorpus({ seed: 1, perIntent: PER });
const uniq = [...new Map(corpus.map((e) => [e.text, { ...e, origin: 'corpus' }])).values()];
const s1 = splitHeldOut(uniq);
const v1 = await IntentClassifier.load(exportOnnx(train(s1.train, { seed: 1 }), {}), { device: 'cpu' });
const items = ['red potion', 'orange potion', 'yellow potion', 'white potion', 'blue potion', 'green potion', 'fly wing', 'butterfly wing', 'red herb', 'yellow herb', 'white herb', 'honey', 'milk', 'apple', 'banana', 'carrot', 'grape', 'meat', 'holy water', 'magnifier', 'royal jelly', 'awakening potion'];
const colours = ['red', 'blue', 'yellow', 'white', 'green', 'orange', 'purple', 'pink', 'gold', 'black'];
const fams: Record<string, (k: number) => string> = {
  homieI: (k) => `toss a homie ${2 + (k * 7) % 40} ${items[k % items.length]}`,
  brotherI: (k) => `hook a brother up with ${2 + (k * 7) % 40} ${items[k % items.length]}`,
  slideI: (k) => `slide ${2 + (k * 7) % 40} ${items[k % items.length]} my way fam`,
  blessI: (k) => `bless my bag with ${2 + (k * 7) % 40} ${items[k % items.length]}`,
  homieJ: (k) => `toss a homie ${2 + (k * 7) % 60} red juice`,
  brotherJ: (k) => `hook a brother up with ${2 + (k * 7) % 60} red juice`,
  slideJ: (k) => `slide ${2 + (k * 7) % 60} red juice my way fam`,
  blessJ: (k) => `bless my bag with ${2 + (k * 7) % 60} red juice`,
};
const route = async (cls: IntentClassifier, texts: string[]) => {
  const preds = await cls.classifyBatch(texts);
  return texts.map((x, k) => { const r = recognize(x, { eventType: 'talk' }).intent; const c = combineIntents(r, preds[k]); return { x, m: preds[k]!, c, llm: c.by === 'rules' && worthAnLlm({ request: {} as never, npc: {} as never, hops: [], intent: c.intent }), model: c.by === 'model' && c.intent.confidence >= 0.8 }; });
};
for (const [name, f] of Object.entries(fams)) {
  const all = Array.from({ length: 80 }, (_, k) => f(k));
  const r1 = await route(v1, all);
  const unknown = r1.filter((r) => r.llm).map((r) => r.x);
  const learn = unknown.slice(0, 30), fresh = unknown.slice(30, 60);
  const union = [...uniq, ...learn.filter((t) => !uniq.some((u) => u.text === t)).map((text) => ({ text, intent: 'buy' as const, origin: 'pattern' }))];
  const s2 = splitHeldOut(union);
  const t0 = performance.now();
  const v2 = await IntentClassifier.load(exportOnnx(train(s2.train, { seed: 1, weights: s2.train.map((e) => (e.origin === 'corpus' ? 1 : 2)) }), {}), { device: 'cpu' });
  const ms = performance.now() - t0;
  const acc = async (cls: IntentClassifier) => { const p = await cls.classifyBatch(s2.heldOut.map((e) => e.text)); return evaluate(s2.heldOut.map((e, i) => ({ expected: e.intent, predicted: p[i]!.intent }))).accuracy; };
  const r2 = await route(v2, fresh);
  console.log(`== ${name}: sigs ${new Set(all.map(signature)).size}; v1 llm ${unknown.length}/80; v1 argmax ${[...new Set(r1.filter(r=>r.llm).map(r=>r.m.intent))]}; learnt in held-out ${s2.heldOut.filter((e) => e.origin !== 'corpus').length}; acc v1 ${(await acc(v1)).toFixed(4)} v2 ${(await acc(v2)).toFixed(4)}; fresh(${fresh.length}) after: model ${r2.filter((r) => r.model).length} llm ${r2.filter((r) => r.llm).length}; min conf ${Math.min(...r2.map(r=>r.m.confidence)).toFixed(2)} train ${ms.toFixed(0)}ms`);
  console.log('   e.g.', unknown.slice(0, 3).join(' / '));
}
