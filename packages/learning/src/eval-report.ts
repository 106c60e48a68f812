import type { EvalReport } from '@npc/intent-model';
import type { Measurement } from './measure';

/**
 * `npc eval --report out.html`: one self-contained HTML page (inline CSS, no script, nothing
 * fetched) to look at an evaluation: accuracy overall and per language, per-intent and
 * per-language precision/recall, the confusion matrix as a heat map, calibration (confidence vs
 * accuracy), and the comparison with the promoted model on the same lines.
 */

export interface EvalReportInput {
  title: string;
  files: readonly string[];
  /** What was measured (`registry v3`, a file, `rules only`). */
  origin: string;
  measurement: Measurement;
  /** The promoted model on the same lines (absent: it is the one measured, or there is none). */
  baseline?: { origin: string; measurement: Measurement };
  generatedAt: Date;
}

/** Heat-map colours: the share of a row's lines in a cell, from white to blue (right) or red (confused). */
export const HEAT = { right: [31, 95, 191], wrong: [214, 39, 40] } as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function heatColour(share: number, diagonal: boolean): string {
  const [r, g, b] = diagonal ? HEAT.right : HEAT.wrong;
  const t = Math.max(0, Math.min(1, share));
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

function confusionMatrix(r: EvalReport): string {
  const { labels, counts } = r.matrix;
  const head = labels.map((l) => `<th class="col" scope="col"><span>${esc(l)}</span></th>`).join('');
  const rows = labels
    .map((expected, e) => {
      const total = counts[e]!.reduce((s, c) => s + c, 0);
      const cells = labels
        .map((predicted, p) => {
          const count = counts[e]![p]!;
          const share = total ? count / total : 0;
          const bg = heatColour(share, e === p);
          const dark = share > 0.55;
          return `<td class="cell${e === p ? ' diag' : ''}" data-expected="${expected}" data-predicted="${predicted}" data-count="${count}" style="background:${bg};color:${dark ? '#fff' : '#222'}" title="${esc(`${expected} → ${predicted}: ${count}`)}">${count || ''}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(expected)}</th>${cells}<td class="total">${total}</td></tr>`;
    })
    .join('\n');
  return `<table id="confusion" class="heat"><thead><tr><th class="corner">expected ↓ / predicted →</th>${head}<th>lines</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function calibration(r: EvalReport): string {
  const cal = r.calibration;
  if (!cal) return '<p>No confidences: no calibration.</p>';
  const W = 320;
  const H = 320;
  const bars = cal.bins
    .map((b, i) => {
      const x = (i / cal.bins.length) * W;
      const w = W / cal.bins.length - 2;
      const h = b.accuracy * H;
      return b.count === 0 ? '' : `<rect class="bar" x="${x + 1}" y="${H - h}" width="${w}" height="${h}" fill="#1f5fbf"><title>${pct(b.from)}–${pct(b.to)}: ${b.count} lines, accuracy ${pct(b.accuracy)}, mean confidence ${pct(b.confidence)}</title></rect>`;
    })
    .join('');
  const dots = cal.bins.map((b) => (b.count === 0 ? '' : `<circle cx="${b.confidence * W}" cy="${H - b.accuracy * H}" r="3" fill="#d62728"/>`)).join('');
  const rows = cal.bins
    .filter((b) => b.count > 0)
    .map((b) => `<tr><td>${pct(b.from)}–${pct(b.to)}</td><td>${b.count}</td><td>${pct(b.confidence)}</td><td>${pct(b.accuracy)}</td></tr>`)
    .join('');
  return `<div class="row"><svg id="calibration" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="confidence against accuracy">
<rect width="${W}" height="${H}" fill="#fafafa" stroke="#ccc"/>${bars}<line x1="0" y1="${H}" x2="${W}" y2="0" stroke="#888" stroke-dasharray="4 3"/>${dots}</svg>
<div><p>Expected calibration error: <b id="ece">${(cal.ece * 100).toFixed(1)} points</b> (the dashed line is perfect calibration; bars: accuracy per confidence bin).</p>
<table><thead><tr><th>confidence</th><th>lines</th><th>mean confidence</th><th>accuracy</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}

function perIntent(r: EvalReport): string {
  const rows = r.perIntent.map((p) => `<tr><td>${esc(p.intent)}</td><td>${pct(p.precision)}</td><td>${pct(p.recall)}</td><td>${p.support}</td></tr>`).join('');
  return `<table id="per-intent"><thead><tr><th>intent</th><th>precision</th><th>recall</th><th>lines</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function perLanguage(m: Measurement): string {
  const model = m.model;
  const summary = m.product.perLanguage
    .map((l, i) => {
      const ml = model?.perLanguage[i];
      const rl = m.rules.perLanguage[i]!;
      return `<tr data-lang="${esc(l.lang)}"><td>${esc(l.lang)}</td><td>${l.total}</td><td>${pct(l.accuracy)}</td><td>${ml ? pct(ml.accuracy) : 'n/a'}</td><td>${pct(rl.accuracy)}</td></tr>`;
    })
    .join('');
  const langs = m.product.perLanguage;
  const intents = m.product.perIntent.map((p) => p.intent);
  const cell = (lang: (typeof langs)[number], intent: string) => {
    const s = lang.perIntent.find((p) => p.intent === intent);
    return s ? `<td>${pct(s.precision)} / ${pct(s.recall)}</td>` : '<td class="none">—</td>';
  };
  const grid = intents.map((intent) => `<tr><td>${esc(intent)}</td>${langs.map((l) => cell(l, intent)).join('')}</tr>`).join('');
  return `<table id="per-language"><thead><tr><th>language</th><th>lines</th><th>product</th><th>model alone</th><th>rules alone</th></tr></thead><tbody>${summary}</tbody></table>
<h3>Precision / recall per intent and language</h3>
<table id="per-language-intent"><thead><tr><th>intent</th>${langs.map((l) => `<th>${esc(l.lang)}</th>`).join('')}</tr></thead><tbody>${grid}</tbody></table>`;
}

function comparison(input: EvalReportInput): string {
  const { measurement: m, baseline } = input;
  if (!baseline) return `<p id="comparison">${esc(input.origin)} is the promoted model (or none is promoted): nothing else to compare with. Rules alone on the same lines: ${pct(m.rules.accuracy)}.</p>`;
  const b = baseline.measurement;
  let onlyThis = 0;
  let onlyPromoted = 0;
  const differ: string[] = [];
  m.lines.forEach((l, i) => {
    const a = m.predictions[i]!.intent.name;
    const p = b.predictions[i]!.intent.name;
    if (a === p) return;
    if (a === l.intent) onlyThis++;
    else if (p === l.intent) onlyPromoted++;
    if (differ.length < 25) differ.push(`<tr><td>${esc(l.text)}</td><td>${esc(l.lang)}</td><td>${esc(l.intent)}</td><td class="${a === l.intent ? 'ok' : 'bad'}">${esc(a)}</td><td class="${p === l.intent ? 'ok' : 'bad'}">${esc(p)}</td></tr>`);
  });
  const langRows = m.product.perLanguage
    .map((l) => {
      const o = b.product.perLanguage.find((x) => x.lang === l.lang)!;
      return `<tr><td>${esc(l.lang)}</td><td>${pct(l.accuracy)}</td><td>${pct(o.accuracy)}</td></tr>`;
    })
    .join('');
  return `<table id="comparison"><thead><tr><th></th><th>${esc(input.origin)}</th><th>promoted: ${esc(baseline.origin)}</th></tr></thead><tbody>
<tr><td>all lines</td><td>${pct(m.product.accuracy)}</td><td>${pct(b.product.accuracy)}</td></tr>${langRows}
<tr><td>right where the other is wrong</td><td>${onlyThis}</td><td>${onlyPromoted}</td></tr></tbody></table>
<h3>Where they disagree (first 25)</h3><table id="disagreements"><thead><tr><th>text</th><th>lang</th><th>expected</th><th>${esc(input.origin)}</th><th>promoted</th></tr></thead><tbody>${differ.join('') || '<tr><td colspan="5">nowhere</td></tr>'}</tbody></table>`;
}

export function renderEvalReport(input: EvalReportInput): string {
  const m = input.measurement;
  const card = (label: string, value: string, id: string) => `<div class="card" id="${id}"><div class="v">${value}</div><div class="l">${esc(label)}</div></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:14px;margin:16px 0 6px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th[scope=row]{text-align:left}
.cards{display:flex;gap:12px;margin:12px 0}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px}.card .v{font-size:22px;font-weight:600}.card .l{color:#666}
table.heat td.cell{width:34px;height:30px;text-align:center;padding:0;font-size:12px}table.heat th.col{height:110px;vertical-align:bottom;padding:2px}
table.heat th.col span{writing-mode:vertical-rl;transform:rotate(180deg)}table.heat th.corner{font-weight:400;color:#666;font-size:12px}
.row{display:flex;gap:24px;align-items:flex-start}.ok{color:#1a7f37}.bad{color:#c62828}.none{color:#aaa;text-align:center}.meta{color:#666}
</style></head><body>
<h1>${esc(input.title)}</h1>
<div class="meta">${m.lines.length} labelled lines from ${input.files.map(esc).join(', ')} · generated ${input.generatedAt.toISOString()}</div>
<div class="cards">${card(`product (${input.origin})`, pct(m.product.accuracy), 'acc-product')}${card('model alone', m.model ? pct(m.model.accuracy) : 'n/a', 'acc-model')}${card('rules alone', pct(m.rules.accuracy), 'acc-rules')}${card('decided by the model', `${m.byModel}/${m.lines.length}`, 'by-model')}</div>
<h2>Per language</h2>${perLanguage(m)}
<h2>Per intent</h2>${perIntent(m.product)}
<h2>Confusion matrix</h2><p class="meta">Rows: the expected intent; columns: what the product answered. Colour: the share of the row's lines (blue: right, red: confused).</p>${confusionMatrix(m.product)}
<h2>Calibration: confidence vs accuracy</h2>${calibration(m.product)}
<h2>Comparison with the promoted model</h2>${comparison(input)}
</body></html>
`;
}
