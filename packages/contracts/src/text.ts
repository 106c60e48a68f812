import { z } from 'zod';

/**
 * Text that PostgreSQL and JSON can hold. PostgreSQL refuses U+0000 in `text` and `jsonb`, and a
 * lone UTF-16 surrogate serialises to JSON that `jsonb` refuses (and is not valid UTF-8 anyway):
 * one such string in a request used to reach the decision log and stop it. So every string of the
 * HTTP contract is checked at the edge (`text()`, 400 naming the field), and text we produce from
 * untrusted sources (LLM output) is cleaned with `cleanText`/`cleanStrings` before it is stored.
 */
export const TEXT_MESSAGE = 'must be valid text: no NUL (U+0000) and no unpaired UTF-16 surrogate';

/** True when `s` has no NUL and no lone surrogate. */
export function isStorableText(s: string): boolean {
  return s.isWellFormed() && !s.includes('\u0000');
}

/**
 * `z.string()` that refuses NUL and malformed UTF-16: the string schema of every request field
 * (chain `.min()`, `.max()`, `.regex()` after it). It aborts, so the 400 says why, not that a
 * length is also wrong.
 */
export const text = () => z.string().refine(isStorableText, { message: TEXT_MESSAGE, abort: true });

/** `s` made storable: NULs removed, lone surrogates replaced by U+FFFD. Same string when already fine. */
export function cleanText(s: string): string {
  if (isStorableText(s)) return s;
  return s.replaceAll('\u0000', '').toWellFormed();
}

/** Every string in a JSON-like value cleaned with `cleanText` (object keys too); other values as they are. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanStrings(v)])) as T;
  }
  return value;
}

/** The path of the first string (or key) in a JSON-like value that is not storable text, or null. */
export function firstBadText(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstBadText(value[i], [...path, i]);
      if (bad) return bad;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) return [...path, k];
      const bad = firstBadText(v, [...path, k]);
      if (bad) return bad;
    }
  }
  return null;
}

/** Free-form JSON (e.g. a behaviour tree) whose strings and keys are all storable text; the issue names the bad one. */
export const storableJson = () =>
  z.unknown().superRefine((value, ctx) => {
    const bad = firstBadText(value);
    if (bad) ctx.addIssue({ code: 'custom', message: TEXT_MESSAGE, path: bad });
  });
