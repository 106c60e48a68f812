import { describe, expect, it } from 'vitest';
import { CORPUS, MORE } from './corpus.test';
import { CUES } from './cues';
import { normalize } from './normalize';
import { TrigramPrefilter, mustFragments } from './prefilter';

describe('mustFragments', () => {
  it('finds the literals every match must contain', () => {
    expect(mustFragments('\\bwhere\\b')).toEqual(['where']);
    expect(mustFragments('\\b(sell|buy)ing\\b')).toEqual(['sell', 'buy']);
    expect(mustFragments('rumou?rs?')).toEqual(['rumo']);
    expect(mustFragments('\\bhow (are|is) (you|things)\\b')).toEqual(['how']);
    expect(mustFragments('\\bthe (quest|task)\\b|\\bbye\\b')).toEqual(['quest', 'task', 'bye']);
  });

  it('gives up when a branch guarantees nothing', () => {
    expect(mustFragments('\\b(hi|yo)\\b')).toBeNull();
    expect(mustFragments('\\bstorage\\b|\\d+')).toBeNull();
    expect(mustFragments('(optional)?x')).toBeNull();
    expect(mustFragments('(?<!not )\\bx\\b')).toBeNull();
    expect(mustFragments('(a)\\1')).toBeNull();
  });
});

describe('cue prefilter', () => {
  const filter = new TrigramPrefilter(CUES.map((c) => c[2]));
  it('tests only a fraction of the cues but never skips a matching one', () => {
    const texts = [...Object.values(CORPUS), ...Object.values(MORE)].flatMap((t) => t ?? []).map((t) => normalize(t).text);
    let tested = 0;
    for (const text of texts) {
      const mark = filter.candidates(text);
      CUES.forEach(([, , re], i) => {
        if (re.test(text)) expect(mark[i], `${re.source} on "${text}"`).toBe(1);
        tested += mark[i] ?? 0;
      });
    }
    expect(tested / (texts.length * CUES.length)).toBeLessThan(0.35);
    expect(filter.unfiltered).toBeLessThan(CUES.length / 10);
  });
});
