/**
 * POST /language — the language switcher in every page's footer (a plain form, so it works without
 * script). Keeps the choice in a cookie for a year, which outranks everything else
 * (src/i18n/requestLanguage.ts), and sends the person back to the page they were on: only a path on
 * this site, never another host.
 */
import { PublicError } from '../errors/publicError.js';
import type { StepDeps } from '../steps/deps.js';
import type { Step } from '../steps/step.js';
import { isLanguage } from '../i18n/languages.js';
import { LANGUAGE_COOKIE } from '../i18n/requestLanguage.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** A path on this site: starts with one "/", no backslash or control character that a browser might read as another host. */
export function samePath(value: string): string {
  return /^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/.test(value) && value.length <= 2000 ? value : '/';
}

export function switchLanguage({ settings }: StepDeps): Step<'none', { lang: 'string'; return: 'string?' }> {
  return async function switchPageLanguage(ctx, { fields }) {
    if (!isLanguage(fields.lang)) throw new PublicError('bad_request', 'field "lang" is not a language of the pages');
    ctx.cookies.set(LANGUAGE_COOKIE, fields.lang, {
      httpOnly: true, sameSite: 'lax', secure: settings.issuer.startsWith('https:'), maxAge: YEAR_MS, overwrite: true,
    });
    ctx.status = 303;
    ctx.redirect(samePath(fields.return ?? '/'));
  };
}
