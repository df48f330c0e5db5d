/**
 * The language a mail is written in, and the time zone of its times: one rule for every mail.
 *
 * 1. The recipient's account has a saved `locale` (the claim an administrator sets, BCP 47) in a
 *    language the mails are written in: that language, whoever or whatever caused the mail.
 * 2. Otherwise, a mail that answers what the recipient just did on a page (the template's audience
 *    is `page`, src/email/templates.ts): the language of that page (src/i18n/requestLanguage.ts).
 * 3. Otherwise (an administrator disabled the account, a sign-in from another browser, a recovery
 *    link anyone can ask for): the provider's default language. The page that caused such a mail is
 *    someone else's, or may be.
 *
 * Times follow the page's time zone only for `page` mails; others are in UTC, for the same reason.
 * Outside a request (the `idp` command, the outbox worker) there is no page: English and UTC.
 */
import { DEFAULT_LANGUAGE, matchLanguage } from '../i18n/languages.js';
import { currentLanguage, currentTimeZone } from '../i18n/requestLanguage.js';
import { audienceOf, type MailLocale, type MailTemplate } from './templates.js';

export function chooseMailLocale(template: MailTemplate, savedLocale: string | null | undefined): MailLocale {
  const saved = savedLocale ? matchLanguage([savedLocale]) : null;
  const fromPage = audienceOf(template) === 'page';
  return {
    language: saved ?? (fromPage ? currentLanguage() : DEFAULT_LANGUAGE),
    timeZone: fromPage ? currentTimeZone() : 'UTC',
  };
}
