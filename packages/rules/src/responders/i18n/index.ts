import type { Language } from '@npc/contracts';
import { EN, type Catalog } from './en';
import { ES } from './es';
import { ID } from './id';
import { PT } from './pt';

export type { Catalog, Lines, ByRole, Band } from './en';
const CATALOGS: Readonly<Record<Language, Catalog>> = { en: EN, 'pt-BR': PT, es: ES, id: ID };

/** What NPCs say in a language. */
export const catalogFor = (lang: Language): Catalog => CATALOGS[lang];
