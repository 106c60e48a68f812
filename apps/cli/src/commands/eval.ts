import { readFile } from 'node:fs/promises';
import { BaseEnv, loadConfig } from '@npc/config';
import { Intent } from '@npc/contracts';
import { DEFAULT_LANGUAGE, evaluate, formatLanguages, formatReport, type EvalReport } from '@npc/intent-model';
import { loadProductClassifier } from '@npc/learning';
import { modelConfidentFromEnv } from './classify';

export interface EvalOptions {
  /** An ONNX file instead of the registry's promoted model. */
  model?: string;
  rulesOnly?: boolean;
}

export interface LabelledLine {
  text: string;
  intent: Intent;
  /** The line's `lang` (ISO 639-1), `en` when it has none. */
  lang: string;
}

/** Reads `{"text","intent"[,"lang"]}` lines; throws naming the first bad line. */
export async function readLabelled(file: string): Promise<LabelledLine[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const out: LabelledLine[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: { text?: unknown; intent?: unknown; lang?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const intent = Intent.safeParse(parsed.intent);
    if (typeof parsed.text !== 'string' || !intent.success) throw new Error(`${file}:${i + 1}: needs a string "text" and a known "intent"`);
    if (parsed.lang !== undefined && (typeof parsed.lang !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(parsed.lang))) {
      throw new Error(`${file}:${i + 1}: "lang" must be a language code such as "pt"`);
    }
    out.push({ text: parsed.text, intent: intent.data, lang: typeof parsed.lang === 'string' ? parsed.lang : DEFAULT_LANGUAGE });
  });
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** `  (en 100.0% (53/53) · pt 22.2% (4/18))` when the file holds more than one language. */
const languages = (r: EvalReport) => (r.perLanguage.length > 1 ? `  (${formatLanguages(r)})` : '');

/**
 * `pnpm npc eval FILE.jsonl [--model FILE.onnx] [--rules-only]`: the product classifier (promoted
 * model + rules, as `npc classify`) on a labelled file: accuracy, per-intent precision/recall and
 * the top confusions, then the rules alone and the model alone on the same lines. Measures only:
 * nothing read here is ever trained on.
 */
export async function evalFile(file: string, options: EvalOptions, out: (line: string) => void, warn: (line: string) => void): Promise<void> {
  const examples = await readLabelled(file);
  if (examples.length === 0) throw new Error(`${file}: no labelled lines`);
  const config = loadConfig(BaseEnv);
  const classifier = await loadProductClassifier({
    databaseUrl: config.DATABASE_URL,
    databaseSchema: config.DATABASE_SCHEMA,
    ...(options.model !== undefined && { modelFile: options.model }),
    ...(options.rulesOnly && { rulesOnly: true }),
    warn: (m) => warn(`npc: ${m}`),
  });
  try {
    const modelConfident = modelConfidentFromEnv();
    const predictions = await classifier.classify(
      examples.map((e) => e.text),
      modelConfident === undefined ? {} : { modelConfident },
    );
    const report = evaluate(examples.map((e, i) => ({ expected: e.intent, predicted: predictions[i]!.intent.name, lang: e.lang, confidence: predictions[i]!.intent.confidence })));
    out(formatReport(report, `product (${classifier.origin}) on ${file}`));
    out('');
    const rules = evaluate(examples.map((e, i) => ({ expected: e.intent, predicted: predictions[i]!.rules.name, lang: e.lang })));
    out(`rules alone:   ${pct(rules.accuracy)} (${rules.correct}/${rules.total})${languages(rules)}`);
    if (classifier.model) {
      const model = evaluate(examples.map((e, i) => ({ expected: e.intent, predicted: predictions[i]!.model!.intent, lang: e.lang })));
      const byModel = predictions.filter((p) => p.by === 'model').length;
      out(`model alone:   ${pct(model.accuracy)} (${model.correct}/${model.total})  [${classifier.origin}, ${classifier.model.provider}]${languages(model)}`);
      out(`product:       ${pct(report.accuracy)} (${report.correct}/${report.total})  model decided ${byModel} of ${report.total}`);
    } else {
      out('model alone:   n/a (no model)');
      out(`product:       ${pct(report.accuracy)} (${report.correct}/${report.total})  rules only`);
    }
  } finally {
    await classifier.release();
  }
}
