/**
 * The emotion table of the contracts against rAthena's own source (../shared/rathena): the order
 * of `enum emotion_type` in src/map/clif.hpp gives the numbers, and tools/convert_emotions.py
 * keeps the pairs of the older `e_*` names and the `ET_*` ones.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMOTIONS, ET_NAMES, Emotion, emotionId } from '@npc/contracts';
import { readRathenaFile, sharedRathena } from './rathena-source';

const shared = sharedRathena(resolve(fileURLToPath(import.meta.url), '../../../..'));

describe.skipIf(!shared.tarball && !shared.tree)("emotion numbers are rAthena's", () => {
  it('ET_* names in the order of enum emotion_type (src/map/clif.hpp)', () => {
    const hpp = readRathenaFile(shared, 'src/map/clif.hpp')!;
    const body = /enum emotion_type\s*\{([\s\S]*?)\};/.exec(hpp)?.[1] ?? '';
    const names = [...body.matchAll(/^\s*(ET_[A-Z0-9_]+)/gm)].map((m) => m[1]).filter((n) => n !== 'ET_MAX');
    expect(body).toMatch(/ET_SURPRISE = 0/);
    expect(names).toEqual([...ET_NAMES]);
    names.forEach((n, i) => expect(emotionId(n)).toBe(i));
  });

  it('e_* names are the older aliases of the same numbers (tools/convert_emotions.py)', () => {
    const py = readRathenaFile(shared, 'tools/convert_emotions.py')!;
    const pairs = [...py.matchAll(/\('(E_[A-Z0-9_]+)', '(ET_[A-Z0-9_]+)'\)/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(pairs).toHaveLength(ET_NAMES.length);
    for (const [old, et] of pairs) {
      const name = EMOTIONS.find((e) => e.toUpperCase() === old)!;
      expect(name, old).toBeDefined();
      expect(emotionId(name)).toBe(ET_NAMES.indexOf(et as (typeof ET_NAMES)[number]));
    }
  });
});

describe('the emotions the issue named', () => {
  it('smile is 18, blush 40, yawn 45; npc-brain\'s old e_smile means ET_SMILE', () => {
    expect(emotionId('e_heh')).toBe(18);
    expect(emotionId('ET_SMILE')).toBe(18);
    expect(emotionId('e_smile')).toBe(18);
    expect(emotionId('ET_SHY')).toBe(40);
    expect(emotionId('e_yawn')).toBe(45);
    expect(emotionId('ET_SLEEPY')).toBe(45);
    expect(emotionId('e_spit')).toBe(77);
    expect(emotionId(null)).toBe(-1);
    expect(emotionId('e_dance')).toBe(-1);
    for (const n of ['e_heh', 'ET_SMILE', 'e_smile', 'e_boast']) expect(Emotion.safeParse(n).success).toBe(true);
    expect(Emotion.safeParse('e_dance').success).toBe(false);
  });
});
