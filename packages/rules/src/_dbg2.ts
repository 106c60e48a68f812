import { readFileSync } from 'node:fs';
import { recognize, scoreIntents } from './recognize';
import { normalize } from './normalize';
import { extractEntities } from './entities';
for (const l of readFileSync(process.argv[2]!, 'utf8').split('\n').filter(Boolean)) {
  const { text: t, intent } = JSON.parse(l) as { text: string; intent: string };
  const r = recognize(t);
  if (r.intent.name !== intent) {
    const n = normalize(t); const s = scoreIntents(n, extractEntities(n));
    const top = Object.entries(s).filter(([,v]) => v > 0).sort((a,b)=>b[1]-a[1]).slice(0,4).map(([k,v])=>`${k}:${v.toFixed(1)}`).join(' ');
    console.log(`${intent.padEnd(14)} -> ${r.intent.name}(${r.intent.confidence}) | ${t} | "${r.normalized}" | ${top} | ${JSON.stringify(r.slots)}`);
  }
}
