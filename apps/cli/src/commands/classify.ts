import { createInterface } from 'node:readline';
import { recognize } from '@npc/rules';

/**
 * JSONL in, JSONL out, one line per input line, in order: `{"text","intent","confidence"}`.
 * Uses exactly the recognizer the decision path uses, so measuring this measures the product.
 * A line that is not JSON or has no string `text` still gets a line: intent `unknown` and `error`.
 */
export async function classify(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, threshold?: number): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    let text: unknown;
    try {
      text = (JSON.parse(line) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') {
      output.write(`${JSON.stringify({ text: null, intent: 'unknown', confidence: 0, error: 'line has no string "text"' })}\n`);
    } else {
      const { intent } = recognize(text, threshold === undefined ? {} : { threshold });
      output.write(`${JSON.stringify({ text, intent: intent.name, confidence: Math.round(intent.confidence * 1000) / 1000 })}\n`);
    }
    n++;
  }
  return n;
}
