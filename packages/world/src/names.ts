/**
 * Name matching for the world knowledge: "Red_Potion", "red potions" and "Red Potion" meet on one
 * key (lowercase ASCII words; accents and punctuation dropped; "Bear's" → "bears"), and a plural
 * is tried as its singular.
 */

export function simplify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/'s\b/g, 's')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The English singular of a simplified name's last word, or undefined when it is not plural-looking. */
export function singular(key: string): string | undefined {
  if (/ies$/.test(key)) return `${key.slice(0, -3)}y`;
  if (/(ch|sh|x|ss)es$/.test(key)) return key.slice(0, -2);
  if (/[^s]s$/.test(key)) return key.slice(0, -1);
  return undefined;
}

/** The keys a query is looked up under, in order: as written, then as a singular. */
export function nameKeys(query: string): string[] {
  const k = simplify(query);
  if (!k) return [];
  const s = singular(k);
  return s ? [k, s] : [k];
}

/** Things named in a text: longest spans first at each position, each thing once, in text order. */
export function mentions<T>(text: string, maxWords: number, get: (key: string) => T | undefined): T[] {
  const tokens = simplify(text).split(' ').filter(Boolean);
  const out: T[] = [];
  for (let i = 0; i < tokens.length; ) {
    let taken = 0;
    for (let len = Math.min(maxWords, tokens.length - i); len >= 1 && taken === 0; len--) {
      const key = tokens.slice(i, i + len).join(' ');
      const s = singular(key);
      const hit = get(key) ?? (s ? get(s) : undefined);
      if (hit !== undefined) {
        if (!out.includes(hit)) out.push(hit);
        taken = len;
      }
    }
    i += Math.max(1, taken);
  }
  return out;
}
