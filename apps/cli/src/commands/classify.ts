import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '@npc/config';
import type { ProductClassifier } from '@npc/learning';
import { recognize } from '@npc/rules';

/** Lines classified per model call. */
const CHUNK = 256;

/** MODEL_CONFIDENT as the inference worker reads it (validated by zod like every setting); unset: combineIntents' default. */
const ModelConfidentEnv = z.object({ MODEL_CONFIDENT: z.coerce.number().min(0).max(1).optional() });

export function modelConfidentFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return loadConfig(ModelConfidentEnv, env).MODEL_CONFIDENT;
}

type Item = { text: string } | { error: string };

/**
 * JSONL in, JSONL out, one line per input line, in order: `{"text","intent","confidence"}`.
 * With a `classifier`, the product's recogniser (the promoted model with the rules, as the
 * inference stage combines them); without one, the rules alone. Either way measuring this
 * measures the product. A line that is not JSON or has no string `text` still gets a line:
 * intent `unknown` and `error`.
 */
export async function classify(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  threshold?: number,
  classifier?: ProductClassifier,
): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  const modelConfident = modelConfidentFromEnv();
  let n = 0;
  let pending: Item[] = [];
  const flush = async () => {
    const items = pending;
    pending = [];
    const texts = items.flatMap((it) => ('text' in it ? [it.text] : []));
    const guesses = classifier
      ? (await classifier.classify(texts, { ...(threshold !== undefined && { threshold }), ...(modelConfident !== undefined && { modelConfident }) })).map((p) => p.intent)
      : texts.map((t) => recognize(t, threshold === undefined ? {} : { threshold }).intent);
    let j = 0;
    let chunk = '';
    for (const it of items) {
      if ('error' in it) {
        chunk += `${JSON.stringify({ text: null, intent: 'unknown', confidence: 0, error: it.error })}\n`;
        continue;
      }
      const g = guesses[j++]!;
      chunk += `${JSON.stringify({ text: it.text, intent: g.name, confidence: Math.round(g.confidence * 1000) / 1000 })}\n`;
    }
    if (chunk) output.write(chunk);
  };
  for await (const line of rl) {
    if (!line.trim()) continue;
    let text: unknown;
    try {
      text = (JSON.parse(line) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    pending.push(typeof text === 'string' ? { text } : { error: 'line has no string "text"' });
    n++;
    if (pending.length >= CHUNK) await flush();
  }
  await flush();
  return n;
}
