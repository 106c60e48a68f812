import { generateCorpus, train, exportOnnx, IntentClassifier, combineIntents, splitHeldOut } from '@npc/intent-model';
import { recognize } from '@npc/rules';
const corpus = generateCorpus({ seed: 1, perIntent: 100 });
const uniq = [...new Map(corpus.map((e) => [e.text, { ...e }])).values()];
const v1 = await IntentClassifier.load(exportOnnx(train(splitHeldOut(uniq).train, { seed: 1 }), {}), { device: 'cpu' });
const texts = process.argv.slice(2);
const p = await v1.classifyBatch(texts);
texts.forEach((t, i) => { const r = recognize(t, { eventType: 'talk' }); console.log(t, '| rules', r.intent, '| model', p[i], '|', combineIntents(r.intent, p[i])); });
