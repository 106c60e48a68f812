import { CORPUS } from './_corpus';
import { recognize, scoreIntents } from './recognize';
import { normalize } from './normalize';
import { extractEntities } from './entities';
let miss = 0, total = 0;
for (const [intent, texts] of Object.entries(CORPUS)) for (const t of texts) {
  total++;
  const r = recognize(t);
  if (r.intent.name !== intent) {
    miss++;
    const n = normalize(t); const s = scoreIntents(n, extractEntities(n));
    const top = Object.entries(s).filter(([,v]) => v > 0).sort((a,b)=>b[1]-a[1]).slice(0,4).map(([k,v])=>`${k}:${v.toFixed(1)}`).join(' ');
    console.log(`${intent.padEnd(14)} -> ${r.intent.name}(${r.intent.confidence}) | ${t} | "${r.normalized}" | ${top} | ${JSON.stringify(r.slots)}`);
  }
}
console.log(`${total-miss}/${total}`);
