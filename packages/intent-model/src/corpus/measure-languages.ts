/**
 * `npx tsx packages/intent-model/src/corpus/measure-languages.ts [FILE.jsonl ...]`: trains the
 * model on the generated corpus (English + Portuguese, Spanish, Indonesian templates) and prints
 * per language the accuracy of the rules alone, the model alone and the product classifier (rules
 * + model, `combineIntents` as the inference stage uses it) on labelled `{"lang","text","intent"}`
 * lines (absent lang = en). Default file: the rules package's held-out phrasings. Measuring only:
 * nothing here feeds back into training.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Intent } from '@npc/contracts';
import { recognize } from '@npc/rules';
import { combineIntents } from '../combine';
import { generateCorpus } from '../corpus';
import { splitHeldOut } from '../split';
import { predict, train } from '../train';

const files = process.argv.slice(2);
const defaults = [fileURLToPath(new URL('../../../rules/src/corpus/heldout-intents.jsonl', import.meta.url))];
const t0 = performance.now();
const { train: tr } = splitHeldOut(generateCorpus({ seed: 1 }));
const model = train(tr);
console.log(`model trained on ${tr.length} generated texts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const file of files.length ? files : defaults) {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { lang?: string; text: string; intent: string });
  const by = new Map<string, { n: number; rules: number; model: number; product: number }>();
  for (const r of rows) {
    const want = Intent.parse(r.intent);
    const rules = recognize(r.text, { eventType: 'talk' }).intent;
    const m = predict(model, r.text);
    const product = combineIntents(rules, m).intent.name;
    const lang = r.lang ?? 'en';
    const s = by.get(lang) ?? { n: 0, rules: 0, model: 0, product: 0 };
    s.n++;
    if (rules.name === want) s.rules++;
    if (m.intent === want) s.model++;
    if (product === want) s.product++;
    by.set(lang, s);
  }
  console.log(`\n${file.split('/').pop()}`);
  const pct = (a: number, n: number) => `${a}/${n} = ${((100 * a) / n).toFixed(1)} %`;
  for (const [lang, s] of by) console.log(`  ${lang.padEnd(6)} product ${pct(s.product, s.n)}   rules ${pct(s.rules, s.n)}   model ${pct(s.model, s.n)}`);
}
