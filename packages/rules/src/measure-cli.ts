/**
 * Measures recogniser accuracy on a labelled JSONL file (`{"text","intent"}` a line) read from
 * stdin: `npx tsx packages/rules/src/measure-cli.ts < /work/shared/eval/intents-dev.jsonl`.
 * Prints overall accuracy, per-intent recall and the confusions (true → predicted counts) only,
 * never the texts, so the file is used to measure and not to tune line by line.
 */
import { readFileSync } from 'node:fs';
import { recognize } from './recognize';

interface Row { text: string; intent: string }

const lines = readFileSync(0, 'utf8').split('\n').filter((l) => l.trim().length > 0);
const rows: Row[] = lines.map((l) => JSON.parse(l) as Row);
let correct = 0;
const perIntent = new Map<string, { n: number; ok: number }>();
const confusions = new Map<string, number>();
for (const row of rows) {
  const got = recognize(row.text).intent.name;
  const stat = perIntent.get(row.intent) ?? { n: 0, ok: 0 };
  stat.n++;
  if (got === row.intent) {
    stat.ok++;
    correct++;
  } else {
    const key = `${row.intent} → ${got}`;
    confusions.set(key, (confusions.get(key) ?? 0) + 1);
  }
  perIntent.set(row.intent, stat);
}
const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
console.log(`accuracy ${correct}/${rows.length} = ${pct(correct, rows.length)}`);
for (const [intent, s] of [...perIntent].sort()) console.log(`  ${intent.padEnd(15)} ${s.ok}/${s.n}`);
if (confusions.size > 0) {
  console.log('confusions (true → predicted):');
  for (const [k, v] of [...confusions].sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${v}`);
}
