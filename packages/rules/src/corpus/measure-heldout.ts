/**
 * `npx tsx packages/rules/src/corpus/measure-heldout.ts [FILE.jsonl] [--verbose]`: the rules
 * recognizer's accuracy per language on labelled `{"lang","text","intent"}` lines (absent lang =
 * en). For measuring only: its default file, `heldout-intents.jsonl`, is never used for training.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recognize } from '../recognize';
import { detectLanguage } from '../language/detect';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('./heldout-intents.jsonl', import.meta.url));
const verbose = args.includes('--verbose');
const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { lang?: string; text: string; intent: string });
const by = new Map<string, { ok: number; n: number; langOk: number }>();
for (const r of rows) {
  const lang = r.lang ?? 'en';
  const got = recognize(r.text, { eventType: 'talk' }).intent.name;
  const s = by.get(lang) ?? { ok: 0, n: 0, langOk: 0 };
  s.n++;
  if (got === r.intent) s.ok++;
  else if (verbose) console.log(`${lang}\t${r.intent} → ${got}\t${r.text}`);
  const det = detectLanguage(r.text).lang;
  if (det === (lang === 'pt' ? 'pt-BR' : lang) || (lang === 'en' && det === undefined)) s.langOk++;
  by.set(lang, s);
}
for (const [lang, s] of by) console.log(`${lang}: ${s.ok}/${s.n} = ${((100 * s.ok) / s.n).toFixed(1)} %   (language detected: ${s.langOk}/${s.n})`);
