import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelled } from '@npc/learning';
import { evalFiles } from './eval';

describe('npc eval per language', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'npc-eval-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads an optional "lang" (English without one) and reports accuracy per language and overall', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    const rows = [
      { text: 'hello there', intent: 'greet' },
      { text: 'warp me to geffen please', intent: 'warp' },
      { lang: 'pt', text: 'quero ir para geffen', intent: 'warp' },
      { lang: 'pt', text: 'tchau', intent: 'farewell' },
      { lang: 'id', text: 'halo', intent: 'greet' },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect((await readLabelled(file)).map((l) => l.lang)).toEqual(['en', 'en', 'pt', 'pt', 'id']);

    const lines: string[] = [];
    await evalFiles([file], { rulesOnly: true }, (l) => lines.push(l), () => undefined);
    const text = lines.join('\n');
    // Overall, then one entry per language, English first; the counts add up.
    const overall = /accuracy \d+\.\d% \((\d+)\/5\)/.exec(text);
    expect(overall).not.toBeNull();
    const perLanguage = /per language: en \d+\.\d% \((\d)\/2\) · id \d+\.\d% \((\d)\/1\) · pt \d+\.\d% \((\d)\/2\)/.exec(text);
    expect(perLanguage, text).not.toBeNull();
    expect(Number(perLanguage![1]) + Number(perLanguage![2]) + Number(perLanguage![3])).toBe(Number(overall![1]));
    expect(perLanguage![1]).toBe('2'); // the English lines are easy for the rules
    expect(text).toMatch(/^rules alone: +\d+\.\d% \(\d\/5\) {2}\(en .* · id .* · pt .*\)$/m);

    await writeFile(path.join(dir, 'bad.jsonl'), '{"lang":"Portuguese","text":"oi","intent":"greet"}\n');
    await expect(readLabelled(path.join(dir, 'bad.jsonl'))).rejects.toThrow(/bad\.jsonl:1: "lang" must be a language code/);
  });
});
