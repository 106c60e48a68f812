import { recognize, clearRecognitionCache } from './recognize';
import { clearNormalizeCache } from './normalize';
const rnd = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 3 + Math.floor(Math.random() * 6))).join(' ').slice(0, 500);
for (const label of ['gibberish', 'typos', 'gibberish', 'typos']) {
  const ds: number[] = [];
  for (let i = 0; i < 400; i++) {
    clearNormalizeCache(); clearRecognitionCache();
    const t = label === 'gibberish' ? rnd(120) : 'warp me to prontra pls i wanna by sum red potoins and jelopy from teh merhcant asassin geffn '.repeat(5).slice(0, 500);
    const s = process.hrtime.bigint(); recognize(t); ds.push(Number(process.hrtime.bigint() - s) / 1e3);
  }
  ds.sort((a, b) => a - b);
  console.log(label, 'median', ds[200]!.toFixed(0), 'µs p95', ds[380]!.toFixed(0), 'µs');
}
