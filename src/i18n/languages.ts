/**
 * The languages the pages and mails are written in, and how a list of language tags (ui_locales,
 * a saved `locale` claim, Accept-Language) picks one: the first tag whose language is shipped wins,
 * `de-AT` counting as `de`.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for the switcher. */
export const languageNames: Record<Language, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first shipped language among `tags`, in their order, or null. */
export function matchLanguage(tags: Iterable<string>): Language | null {
  for (const tag of tags) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return null;
}

/** `ui_locales` (OpenID Connect Core §3.1.2.1): space-separated tags, most preferred first. */
export function parseUiLocales(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter(Boolean).slice(0, 20) : [];
}

/** Accept-Language (RFC 9110 §12.5.4): tags by falling weight; `q=0` means "not this one". */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1000)
    .split(',')
    .slice(0, 30)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, weight }) => tag && tag !== '*' && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
}
