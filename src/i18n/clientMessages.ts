/**
 * What the pages' scripts say (the catalog's `js.*` messages), as JSON for the `data-messages`
 * attribute of every page's body (pug escapes it), where public/js/common.js reads it: no inline
 * script, which the CSP refuses.
 */
import type { Language } from './languages.js';
import { catalogs } from './translate.js';

const cache = new Map<Language, string>();

export function clientMessages(language: Language): string {
  let json = cache.get(language);
  if (!json) {
    const messages = Object.fromEntries(Object.entries(catalogs[language]).filter(([key]) => key.startsWith('js.')));
    json = JSON.stringify({ language, messages });
    cache.set(language, json);
  }
  return json;
}
