/**
 * The account page uses the provider's own browser session: the one oidc-provider reads from its
 * session cookie at every authorization request. Our routes run inside the Provider's Koa app, so
 * `provider.Session.get(ctx)` reads the same signed cookie, and a session started here (sign-in with
 * a passkey on the account page) is the one apps then see, and the other way round.
 *
 * Starting a session follows what oidc-provider does when an interaction finishes: loginAccount,
 * a new session id (the old record is destroyed: no session fixation, ASVS 3.2.1 / 7.2.4), the
 * configured lifetime, and the cookie with the options of the provider's configuration.
 */
import { preferSavedLocale } from '../i18n/requestLanguage.js';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Session } from 'oidc-provider';

import { describeBrowser } from '../passkeys/describeBrowser.js';
import type { Credential, Person, Store } from '../store/ports.js';
import { passkeyAmr, PASSKEY_ACR, SESSION_COOKIE, SESSION_TTL_SECONDS } from './browserSession.js';
import { recordSessionActivity } from './sessionActivity.js';

export interface SignedIn { session: Session; person: Person }

/**
 * The account page's own passkey sign-in, before there is a session, is bound to this cookie of
 * the browser (random, signed, for /account only, as long as the ceremony lives).
 */
export const ACCOUNT_SIGN_IN_COOKIE = 'account_sign_in';
export const ACCOUNT_SIGN_IN_COOKIE_OPTIONS = { httpOnly: true, sameSite: 'strict', path: '/account' } as const;

interface SessionDeps { provider: Provider; store: Store; now: () => number }

export async function findSignedIn({ provider, store }: Pick<SessionDeps, 'provider' | 'store'>, ctx: Context): Promise<SignedIn | null> {
  const session = await provider.Session.get(ctx);
  if (!session.accountId) return null;
  const person = await store.people.findById(session.accountId);
  // What the account page and its answers say is in the language the person saved, if any.
  if (person) preferSavedLocale(person.locale);
  return person ? { session, person } : null;
}

export async function touchSession({ store, now }: Pick<SessionDeps, 'store' | 'now'>, ctx: Context, { session }: SignedIn): Promise<void> {
  await recordSessionActivity(store.oidc, session.jti, { browser: describeBrowser(ctx.get('User-Agent')), lastActiveAt: now() });
}

/** Signs `person` in to this browser after a passkey assertion, in a renewed (or new) session. */
export async function startSession(deps: SessionDeps, ctx: Context, person: Person, credential: Credential): Promise<Session> {
  const { provider } = deps;
  let session = await provider.Session.get(ctx);
  if (session.accountId && session.accountId !== person.id) {
    // Someone else was signed in here: their session ends rather than passing to another person.
    await session.destroy();
    session = new provider.Session();
  }
  session.loginAccount({
    accountId: person.id, loginTs: Math.floor(deps.now() / 1000), amr: passkeyAmr(credential), acr: PASSKEY_ACR, transient: false,
  });
  session.resetIdentifier();
  await session.save(SESSION_TTL_SECONDS);
  setSessionCookie(provider, ctx, session.jti, new Date(session.exp * 1000));
  await touchSession(deps, ctx, { session, person });
  return session;
}

export function clearSessionCookie(provider: Provider, ctx: Context): void {
  setSessionCookie(provider, ctx, null, new Date(0));
}

function setSessionCookie(provider: Provider, ctx: Context, value: string | null, expires: Date): void {
  ctx.cookies.set(provider.cookieName('session'), value, { ...SESSION_COOKIE, expires });
}
