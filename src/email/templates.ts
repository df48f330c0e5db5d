/**
 * Every mail the provider sends, as a subject plus an HTML and a plain-text part rendered from
 * views/email/<template>.pug and views/email/<template>.text.pug. All templates are compiled once,
 * when the mailer is created, so that a broken template stops start-up instead of a sign-up.
 *
 * Values arrive finished: links are complete URLs (see linkTo), and every link is checked to lie under
 * the issuer before anything is rendered. The HTML part escapes every value (pug `=` and `#{}`); the
 * text part prints values as they are, with control characters removed so that nobody can forge
 * lines of the mail through, say, a browser name.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pug from 'pug';
import type { Settings } from '../config/settings.js';
import { loadBranding, type MailBranding } from '../branding/branding.js';
import { isIssuerLink } from './links.js';
import { formatTime } from '../formatTime.js';
import type { Language } from '../i18n/languages.js';
import { currentLanguage, currentTimeZone } from '../i18n/requestLanguage.js';
import { escapeHtml, translate, translateHtml, type MessageValues, type TagMarkup } from '../i18n/translate.js';
import type { MessageKey } from '../i18n/messages/en.js';

/** What each mail needs. Times are instants, shown in the zone src/email/mailLanguage.ts chooses. */
export interface MailValues {
  'signup-code': { code: string; minutes: number };
  /** Someone tried to sign up with an address that already has an account; `signInUrl` is where "Lost your passkey?" is. */
  'signup-existing': { signInUrl: string };
  'recovery-link': { link: string; minutes: number };
  /** Someone asked to recover an account for an address that has none (same work as a real recovery). */
  'recovery-unknown': { signUpUrl: string };
  /** `olderPasskeys`: the names of the passkeys the account kept, in words, or empty; `accountUrl` is where to remove them. */
  'passkey-added-by-recovery': { time: Date; browser: string; olderPasskeys: string; accountUrl: string };
  'passkey-added': { time: Date; browser: string; passkeyName?: string };
  'passkey-removed': { time: Date; passkeyName?: string };
  /** Sent to the old address. */
  'email-changed': { time: Date };
  /** Proves a new address the account asked to change to; sent to that address. */
  'email-change-code': { code: string; minutes: number };
  /** Someone asked to move another account to this address, which already has one (same work as a code). */
  'email-change-taken': Record<string, never>;
  /** An invitation to create an account (src/access/invitations.ts); `groups` is a list in words, or empty. */
  invitation: { link: string; expiresAt: Date; groups: string; administrator: boolean };
  /** A sign-in from a browser and address the account had not used (src/audit/signIns.ts). */
  'new-device': { time: Date; browser: string; ip: string };
  /** An administrator disabled the account (src/admin/notifyAccessChange.ts). */
  'account-disabled': { time: Date };
  /** An administrator removed the person from a group that gates apps; `apps` names them in words. */
  'app-access-removed': { group: string; apps: string };
}

export type MailTemplate = keyof MailValues;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The links in the mail, for the development outbox. */
  links: string[];
}

/** The language of a mail and the time zone of its times (src/email/mailLanguage.ts chooses them). */
export interface MailLocale {
  language: Language;
  timeZone: string;
}

export interface MailTemplates {
  /** Written in `locale`, or in the language and zone of the request that sends the mail (src/i18n/). */
  render<T extends MailTemplate>(template: T, values: MailValues[T], locale?: MailLocale): RenderedMail;
}

/**
 * Whose language a mail is written in when the recipient's account has none saved
 * (src/email/mailLanguage.ts):
 * - `page`: the mail answers what the recipient just did on the page in front of them (a code they
 *   asked for, a change they made while signed in), or invites someone who has no account yet: the
 *   language of that page;
 * - `account`: someone or something else caused it (an administrator, the `idp` command, a sign-in
 *   from another browser, a request anyone can make for any address): the provider's default,
 *   since the language of whoever caused it says nothing about the recipient.
 */
export type MailAudience = 'page' | 'account';

interface Entry<T extends MailTemplate> {
  /** The values that are links: each must lie under the issuer. */
  links: Array<keyof MailValues[T] & string>;
  language: MailAudience;
}

/** Each mail's subject is the catalog's `mail.<template>.subject`. */
const catalog: { [T in MailTemplate]: Entry<T> } = {
  'signup-code': { links: [], language: 'page' },
  'signup-existing': { links: ['signInUrl'], language: 'account' },
  'recovery-link': { links: ['link'], language: 'account' },
  'recovery-unknown': { links: ['signUpUrl'], language: 'account' },
  'passkey-added-by-recovery': { links: ['accountUrl'], language: 'account' },
  'passkey-added': { links: [], language: 'page' },
  'passkey-removed': { links: [], language: 'page' },
  'email-changed': { links: [], language: 'page' },
  'email-change-code': { links: [], language: 'page' },
  'email-change-taken': { links: [], language: 'account' },
  invitation: { links: ['link'], language: 'page' },
  'new-device': { links: [], language: 'account' },
  'account-disabled': { links: [], language: 'account' },
  'app-access-removed': { links: [], language: 'account' },
};

export function audienceOf(template: MailTemplate): MailAudience {
  return catalog[template].language;
}



export const mailTemplates = Object.keys(catalog) as MailTemplate[];


function present(value: unknown, { language, timeZone }: MailLocale): unknown {
  if (value instanceof Date) return formatTime(value, language, timeZone);
  if (typeof value === 'string') return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return value;
}

/** Pug's piped text leaves stray spaces and blank lines; a plain-text mail should not. */
function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** views/email, found from this module both in src/ (tests) and in dist/src/ (built). */
export function findMailViews(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from, i = 0; i < 5; dir = dirname(dir), i++) {
    const candidate = join(dir, 'views', 'email');
    if (existsSync(join(candidate, 'layout.pug'))) return candidate;
  }
  throw new Error(`views/email not found above ${from}`);
}

export function compileMailTemplates(deps: {
  settings: Pick<Settings, 'issuer' | 'rpName'> & Partial<Settings>;
  viewsDir?: string;
  /** The mails' look; the operator's branding settings (src/branding/branding.ts) when not given. */
  branding?: (language: Language) => MailBranding;
}): MailTemplates {
  const { issuer, rpName } = deps.settings;
  const branding = deps.branding ?? loadBranding(deps.settings as Settings).mail;
  const viewsDir = deps.viewsDir ?? findMailViews();
  const compiled = new Map(
    mailTemplates.map((name) => [
      name,
      {
        html: pug.compileFile(join(viewsDir, `${name}.pug`)),
        text: pug.compileFile(join(viewsDir, `${name}.text.pug`)),
      },
    ]),
  );

  return {
    render(template, values, locale = { language: currentLanguage(), timeZone: currentTimeZone() }) {
      const { language } = locale;
      const entry = catalog[template] as Entry<typeof template>;
      const links = entry.links.map((field) => String(values[field]));
      // Ensure no link points anywhere but the issuer, whoever built it.
      for (const link of links) {
        if (!isIssuerLink(issuer, link)) throw new Error(`Refusing to mail "${template}": a link is not under the issuer ${issuer}`);
      }
      const subject = translate(language, `mail.${template}.subject`, { site: rpName });
      const locals: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(values)) locals[key] = present(value, locale);
      Object.assign(locals, {
        rpName, issuer, subject, lang: language, escapeHtml, ...branding(language),
        t: (key: MessageKey, messageValues?: MessageValues) => translate(language, key, messageValues),
        tHtml: (key: MessageKey, messageValues?: MessageValues, tags?: TagMarkup) => translateHtml(language, key, messageValues, tags),
      });
      const parts = compiled.get(template)!;
      return { subject, html: parts.html(locals), text: tidyText(parts.text(locals)), links };
    },
  };
}
