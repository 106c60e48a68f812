import { writeFile } from 'node:fs/promises';
import { BaseEnv, loadConfig } from '@npc/config';
import { formatLanguages, formatReport, type EvalReport } from '@npc/intent-model';
import { loadProductClassifier, measure, readLabelled, renderEvalReport, type LabelledLine, type Measurement } from '@npc/learning';
import { modelConfidentFromEnv } from './classify';

export interface EvalOptions {
  /** An ONNX file instead of the registry's promoted model. */
  model?: string;
  /** A registry version instead of the promoted model. */
  version?: number;
  rulesOnly?: boolean;
  /** Also write an HTML report here (with the comparison to the promoted model). */
  report?: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** `  (en 100.0% (53/53) · pt 22.2% (4/18))` when the files hold more than one language. */
const languages = (r: EvalReport) => (r.perLanguage.length > 1 ? `  (${formatLanguages(r)})` : '');

async function readAll(files: readonly string[]): Promise<LabelledLine[]> {
  const lines: LabelledLine[] = [];
  for (const file of files) {
    const read = await readLabelled(file);
    if (read.length === 0) throw new Error(`${file}: no labelled lines`);
    lines.push(...read);
  }
  return lines;
}

/**
 * `pnpm npc eval FILE.jsonl… [--model FILE.onnx | --version N] [--rules-only] [--report out.html]`:
 * the product classifier (promoted model + rules, as `npc classify`) on labelled files: accuracy
 * overall and per language, per-intent precision/recall and the top confusions, then the rules
 * alone and the model alone on the same lines; with `--report`, an HTML page that also compares
 * with the promoted model. Measures only: nothing read here is ever trained on.
 */
export async function evalFiles(files: readonly string[], options: EvalOptions, out: (line: string) => void, warn: (line: string) => void): Promise<Measurement> {
  const lines = await readAll(files);
  const config = loadConfig(BaseEnv);
  const db = { databaseUrl: config.DATABASE_URL, databaseSchema: config.DATABASE_SCHEMA, warn: (m: string) => warn(`npc: ${m}`) };
  const classifier = await loadProductClassifier({
    ...db,
    ...(options.model !== undefined && { modelFile: options.model }),
    ...(options.version !== undefined && { modelVersion: options.version }),
    ...(options.rulesOnly && { rulesOnly: true }),
  });
  const modelConfident = modelConfidentFromEnv();
  let m: Measurement;
  try {
    m = await measure(classifier, lines, modelConfident);
    out(formatReport(m.product, `product (${classifier.origin}) on ${files.join(', ')}`));
    out('');
    out(`rules alone:   ${pct(m.rules.accuracy)} (${m.rules.correct}/${m.rules.total})${languages(m.rules)}`);
    if (m.model && classifier.model) {
      out(`model alone:   ${pct(m.model.accuracy)} (${m.model.correct}/${m.model.total})  [${classifier.origin}, ${classifier.model.provider}]${languages(m.model)}`);
      out(`product:       ${pct(m.product.accuracy)} (${m.product.correct}/${m.product.total})  model decided ${m.byModel} of ${m.product.total}`);
    } else {
      out('model alone:   n/a (no model)');
      out(`product:       ${pct(m.product.accuracy)} (${m.product.correct}/${m.product.total})  rules only`);
    }
  } finally {
    await classifier.release();
  }
  if (options.report) {
    // The promoted model on the same lines, unless it is the one just measured.
    const promoted = await loadProductClassifier(db);
    let baseline: { origin: string; measurement: Measurement } | undefined;
    try {
      if (promoted.model && promoted.version !== classifier.version) baseline = { origin: promoted.origin, measurement: await measure(promoted, lines, modelConfident) };
    } finally {
      await promoted.release();
    }
    const html = renderEvalReport({
      title: `${classifier.origin} on ${files.join(', ')}`,
      files,
      origin: classifier.origin,
      measurement: m,
      ...(baseline && { baseline }),
      generatedAt: new Date(),
    });
    await writeFile(options.report, html);
    out(`report:        ${options.report}`);
  }
  return m;
}
