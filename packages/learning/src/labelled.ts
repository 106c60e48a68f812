import { readFile } from 'node:fs/promises';
import { Intent } from '@npc/contracts';
import { DEFAULT_LANGUAGE } from '@npc/intent-model';

/**
 * Labelled evaluation files (`../shared/eval/*.jsonl`): one `{"text","intent"}` a line, with an
 * optional `"lang"` (ISO 639-1; English without one). For measuring only: never trained on.
 */
export interface LabelledLine {
  text: string;
  intent: Intent;
  /** The line's `lang`, `en` when it has none. */
  lang: string;
}

const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** Reads a labelled file; throws naming the first bad line. */
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
    if (parsed.lang !== undefined && (typeof parsed.lang !== 'string' || !LANG.test(parsed.lang))) {
      throw new Error(`${file}:${i + 1}: "lang" must be a language code such as "pt"`);
    }
    out.push({ text: parsed.text, intent: intent.data, lang: typeof parsed.lang === 'string' ? parsed.lang : DEFAULT_LANGUAGE });
  });
  return out;
}
