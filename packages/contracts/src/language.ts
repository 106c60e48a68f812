import { z } from 'zod';

/** The languages NPCs understand and answer in (decision-api.md: `player.language`, `language`). */
export const LANGUAGES = ['en', 'pt-BR', 'es', 'id'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** A BCP-47 tag as a client may send it (`pt`, `pt-BR`, `es-419`, `id-ID`, `en-US`, …). */
export const LanguageTag = z.string().min(2).max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a BCP-47 language tag');

/** The supported language a BCP-47 tag names (`pt-PT` → pt-BR, `es-MX` → es, `in` → id), or undefined. */
export function languageOf(tag: string | undefined | null): Language | undefined {
  if (!tag) return undefined;
  const primary = tag.toLowerCase().split('-')[0];
  switch (primary) {
    case 'en': return 'en';
    case 'pt': return 'pt-BR';
    case 'es': return 'es';
    case 'id': case 'in': case 'ms': return 'id';
    default: return undefined;
  }
}
