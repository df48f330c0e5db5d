/** The catalog in the language of the request being answered (src/i18n/requestLanguage.ts). */
import type { MessageKey } from './messages/en.js';
import { currentLanguage } from './requestLanguage.js';
import { translate, translateHtml, type MessageValues, type TagMarkup } from './translate.js';

export type { MessageKey };

export function t(key: MessageKey, values?: MessageValues): string {
  return translate(currentLanguage(), key, values);
}

export function tHtml(key: MessageKey, values?: MessageValues, tags?: TagMarkup): string {
  return translateHtml(currentLanguage(), key, values, tags);
}
