/**
 * Times as people read them on pages and in mails, in the language and time zone of the request
 * (src/i18n/requestLanguage.ts): "30 November 2026 at 07:27 UTC", "30. November 2026 um 08:27 MEZ".
 * Pages also re-format their <time> elements in the browser's own zone (public/js/common.js).
 */
import type { Language } from './i18n/languages.js';
import { currentLanguage, currentTimeZone } from './i18n/requestLanguage.js';

const intlLocales: Record<Language, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };
const formats = new Map<string, { time: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

function formatsFor(language: Language, timeZone: string) {
  const id = `${language} ${timeZone}`;
  let found = formats.get(id);
  if (!found) {
    const locale = intlLocales[language];
    found = {
      time: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }),
      zone: new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone }),
    };
    formats.set(id, found);
  }
  return found;
}

export function formatTime(date: Date, language: Language = currentLanguage(), timeZone: string = currentTimeZone()): string {
  const { time, zone } = formatsFor(language, timeZone);
  const zoneName = timeZone === 'UTC' ? 'UTC' : zone.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${time.format(date)} ${zoneName}`;
}
