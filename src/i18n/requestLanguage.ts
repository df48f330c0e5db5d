/**
 * The language and time zone of the request being answered. A page is rendered, an error explained
 * and a mail written deep below the route that knows the person, so the choice travels with the
 * request (like its request id) instead of through every call: `chooseLanguage` opens it for each
 * request, and what is learnt on the way (the app's `ui_locales`, the person's saved `locale`)
 * refines it. Outside a request (the `idp` command, timers) everything is English and UTC.
 *
 * Order: the language picked with the switcher on the pages (a cookie), then `ui_locales` of the
 * sign-in, then the person's saved `locale` claim, then Accept-Language, else English.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, Next } from 'koa';

import { DEFAULT_LANGUAGE, type Language, matchLanguage, parseAcceptLanguage, parseUiLocales, isLanguage } from './languages.js';

export const LANGUAGE_COOKIE = 'lang';
export const TIME_ZONE_COOKIE = 'tz';

interface RequestLanguage {
  switched: Language | null;
  uiLocales: Language | null;
  saved: Language | null;
  accepted: Language | null;
  timeZone: string | null;
  /** Where the language switcher sends the person back to: this page, when it can be asked for again. */
  returnTo: string;
}

const current = new AsyncLocalStorage<RequestLanguage>();

/** A time zone the runtime knows (IANA name such as Europe/Berlin), else null. */
export function validTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

export function chooseLanguage() {
  return async function openRequestLanguage(ctx: Context, next: Next): Promise<void> {
    const switched = ctx.cookies.get(LANGUAGE_COOKIE);
    const state: RequestLanguage = {
      switched: isLanguage(switched) ? switched : null,
      uiLocales: null,
      saved: null,
      accepted: matchLanguage(parseAcceptLanguage(ctx.get('Accept-Language'))),
      timeZone: validTimeZone(ctx.cookies.get(TIME_ZONE_COOKIE)),
      returnTo: ctx.method === 'GET' && ctx.originalUrl.startsWith('/') && !ctx.originalUrl.startsWith('//') ? ctx.originalUrl : '/',
    };
    await current.run(state, next);
    // Caches between the browser and us must not hand one person's language to another.
    ctx.vary('Accept-Language');
  };
}

/** The app asked for these languages (`ui_locales` of its authorization request). */
export function preferUiLocales(value: unknown): void {
  const state = current.getStore();
  if (state) state.uiLocales = matchLanguage(parseUiLocales(value));
}

/** The signed-in person saved this language (`locale` claim, BCP 47). */
export function preferSavedLocale(value: string | null | undefined): void {
  const state = current.getStore();
  if (state) state.saved = value ? matchLanguage([value]) : null;
}

export function currentLanguage(): Language {
  const state = current.getStore();
  return (state && (state.switched ?? state.uiLocales ?? state.saved ?? state.accepted)) ?? DEFAULT_LANGUAGE;
}

export function currentReturnPath(): string {
  return current.getStore()?.returnTo ?? '/';
}

export function currentTimeZone(): string {
  return current.getStore()?.timeZone ?? 'UTC';
}
