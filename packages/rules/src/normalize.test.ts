import { describe, expect, it } from 'vitest';
import { collapseRepeats, normalize } from './normalize';
import { correctTypo, isKnownWord } from './vocabulary';

describe('normalize', () => {
  it('lowercases, strips accents and punctuation noise', () => {
    expect(normalize('  HÉLLO,   Kafra!!! ').text).toBe('hello kafra');
    expect(normalize('Wàrp mé  to   Gèffen?!').text).toBe('warp me to geffen');
  });

  it('expands Ragnarok Online slang and abbreviations', () => {
    expect(normalize('wtb 10 red pots').text).toBe('want to buy 10 red potions');
    expect(normalize('wts jellopy').text).toBe('want to sell jellopy');
    expect(normalize('tele me pls').text).toBe('teleport me please');
    expect(normalize('tp to payon plz').text).toBe('teleport to payon please');
    expect(normalize('lf quest').text).toBe('looking for quest');
    expect(normalize('u r so nice, thx').text).toBe('you are so nice thanks');
    expect(normalize('ur stuff, ty').text).toBe('your stuff thanks');
    expect(normalize('brb').text).toBe('be right back');
    expect(normalize('afk').text).toBe('away from keyboard');
    expect(normalize('gg').text).toBe('good game');
    expect(normalize('port me to alberta').text).toBe('teleport me to alberta');
  });

  it('expands contractions with and without apostrophes', () => {
    expect(normalize("I'm new, what's this?").text).toBe('i am new what is this');
    expect(normalize('im lost, wheres the inn').text).toBe('i am lost where is the inn');
    expect(normalize("can't find it, don't know").text).toBe('cannot find it do not know');
  });

  it('collapses repeated letters towards known words', () => {
    expect(normalize('hiiii').text).toBe('hi');
    expect(normalize('helllooooo').text).toBe('hello');
    expect(normalize('byeeee').text).toBe('bye');
    expect(normalize('pleaseeee').text).toBe('please');
    expect(normalize('good').text).toBe('good');
    expect(normalize('stooopid').text).toBe('stupid');
    expect(collapseRepeats('zzzz')).toBe('zzzz');
  });

  it('undoes censoring and leetspeak', () => {
    expect(normalize('f*ck you').text).toBe('fuck you');
    expect(normalize('$tupid n00b').text).toBe('stupid noob');
    expect(normalize('1d10t').text).toBe('idiot');
    expect(normalize('s t u p i d').text).toBe('stupid');
  });

  it('corrects typos of important words but leaves real words alone', () => {
    expect(correctTypo('stroage')).toBe('storage');
    expect(correctTypo('teleprot')).toBe('teleport');
    expect(correctTypo('potoin')).toBe('potion');
    expect(correctTypo('saev')).toBe('save');
    expect(correctTypo('there')).toBeUndefined();
    expect(correctTypo('heading')).toBeUndefined();
    expect(isKnownWord('worked')).toBe(true);
    expect(isKnownWord('making')).toBe(true);
  });

  it('extracts counts, refine levels, zeny and levels', () => {
    const a = normalize('wtb 10 red pots');
    expect(a.amount).toBe(10);
    expect(a.numbers).toEqual([{ index: 3, value: 10, kind: 'count' }]);
    expect(normalize('+7 my sword').refineLevel).toBe(7);
    expect(normalize('refine my bow to + 10').refineLevel).toBe(10);
    expect(normalize('red potion x20').amount).toBe(20);
    expect(normalize('20x fly wing').amount).toBe(20);
    const z = normalize('is it 10k?');
    expect(z.numbers).toEqual([{ index: 2, value: 10_000, kind: 'zeny' }]);
    expect(z.amount).toBeUndefined();
    expect(normalize('i am level 50').numbers[0]?.kind).toBe('level');
    expect(normalize('1.5m zeny').numbers[0]?.value).toBe(1_500_000);
  });

  it('splits glued words', () => {
    expect(normalize('warp2geffen').text).toBe('warp to geffen');
  });

  it('detects questions', () => {
    expect(normalize('how much').question).toBe(true);
    expect(normalize('potions?').question).toBe(true);
    expect(normalize('open storage').question).toBe(false);
  });

  it('handles empty, huge and odd input', () => {
    expect(normalize('').tokens).toEqual([]);
    expect(normalize('!!!???').tokens).toEqual([]);
    const long = normalize('hi '.repeat(5000));
    expect(long.tokens.length).toBeLessThanOrEqual(40);
    expect(normalize('😀 hi 😀').text).toBe('hi');
  });
});
