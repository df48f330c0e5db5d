/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) without a confirmation page when the
 * app proves who is signing out. §2 lets the provider skip asking when the logout request carries
 * an `id_token_hint` it issued for the signed-in person; without one, anybody's page could sign
 * people out, so the provider asks. With LOGOUT_CONFIRMATION=always it always asks.
 *
 * - A browser signed in as the person the hint names (oidc-provider has already checked the hint's
 *   signature, audience and the post_logout_redirect_uri): `logoutSource` ends the session at once
 *   and sends the browser to the app's post-logout URI, or shows "You are signed out".
 * - A request with no signed-in session, as an app's server sends it (oauth2-proxy's
 *   `--backend-logout-url`): `endSessionFromServer` checks the hint the same way and ends the one
 *   session the ID token came from (the session whose `sid` for the app the token names), so an
 *   old ID token cannot end a newer session, nor one signed in within the same second.
 * Anything that does not check out goes on to oidc-provider, which refuses it or asks.
 */
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { Client, KoaContextWithOIDC } from 'oidc-provider';

import type { Settings } from '../../config/settings.js';
import type { Views } from '../../http/views.js';
import type { Logger } from '../../log.js';
import type { OidcRecords } from '../../store/ports.js';
import { afterLogoutUri, endSession } from './endSession.js';
import type { RecordAppLogout } from './recordLogouts.js';
import type { SessionAuthorizations } from './notifyApps.js';

export const END_SESSION_PATH = '/session/end';

export interface LogoutDeps {
  provider: Provider;
  records: OidcRecords;
  settings: Pick<Settings, 'logoutConfirmation'>;
  views: Views;
  log: Logger;
  /** The options the session cookie was set with, to clear it the same way. */
  sessionCookie: Record<string, unknown>;
  /** Records a sign-out ended here in the audit trail (./recordLogouts.ts). */
  recordLogout?: RecordAppLogout;
}

function renderSignedOut(ctx: Context, views: Views, clientName: string | null): void {
  ctx.type = 'html';
  ctx.body = views.render('logged-out', { client: clientName });
}

/** oidc-provider's `features.rpInitiatedLogout.logoutSource`: the confirmation page, unless it is not needed. */
export function createLogoutSource(deps: Omit<LogoutDeps, 'provider'>) {
  return async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
    const { session, client, params, entities } = ctx.oidc;
    const hintSub = entities.IdTokenHint?.payload.sub;
    if (deps.settings.logoutConfirmation !== 'always' && session?.accountId && hintSub === session.accountId) {
      const { provider } = ctx.oidc;
      await endSession({ provider, records: deps.records }, {
        accountId: session.accountId,
        authorizations: (session.authorizations ?? {}) as SessionAuthorizations,
        destroy: () => session.destroy(),
      });
      ctx.cookies.set(provider.cookieName('session'), null, deps.sessionCookie);
      provider.emit('end_session.success', ctx);
      deps.log.info('logout.ended', { client_id: client?.clientId ?? null, confirmation: false });
      const target = params?.post_logout_redirect_uri;
      if (typeof target === 'string') {
        ctx.status = 303;
        ctx.redirect(afterLogoutUri(target, params?.state));
        return;
      }
      renderSignedOut(ctx, deps.views, client?.clientName ?? null);
      return;
    }
    ctx.type = 'html';
    ctx.body = deps.views.render('logout', { form, client: client?.clientName ?? null });
  };
}

function decodePayload(jwt: string): Record<string, unknown> | null {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
    return typeof payload === 'object' && payload !== null ? payload as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

/** The client the hint was issued to, if the hint is a valid ID token of ours for it; otherwise null. */
async function checkHint(provider: Provider, hint: string, clientIdParam: unknown): Promise<{ client: Client; claims: Record<string, unknown> } | null> {
  const claims = decodePayload(hint);
  if (typeof claims?.aud !== 'string' || typeof claims.sub !== 'string') return null;
  if (clientIdParam !== undefined && clientIdParam !== claims.aud) return null;
  const client = await provider.Client.find(claims.aud).catch(() => undefined);
  if (!client) return null;
  try {
    await provider.IdToken.validate(hint, client);
  } catch {
    return null;
  }
  return { client, claims };
}

/**
 * The session an ID token came from: the one whose `sid` for the app it names (every ID token has
 * one: ../sessionIdClaim.ts). An ID token issued before that carries none (they live an hour); for
 * those, the session signed in at its `auth_time`, but only when exactly one did: two sessions of
 * the person signed in within the same second cannot be told apart, and neither is ended.
 */
function sessionsNamedBy<T extends { payload: Record<string, unknown> }>(sessions: T[], clientId: string, claims: Record<string, unknown>): T[] {
  const ofApp = sessions.filter(({ payload }) => (payload.authorizations as SessionAuthorizations | undefined)?.[clientId]);
  if (typeof claims.sid === 'string') {
    return ofApp.filter(({ payload }) => (payload.authorizations as SessionAuthorizations)[clientId]!.sid === claims.sid);
  }
  const signedInThen = ofApp.filter(({ payload }) => payload.loginTs === claims.auth_time);
  return signedInThen.length === 1 ? signedInThen : [];
}

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? undefined : value;
}

/** Koa middleware in front of oidc-provider's end_session endpoint, for logout requests without a browser session. */
export function endSessionFromServer(deps: LogoutDeps) {
  const { provider, records, views, log } = deps;
  return async function endSessionWithoutBrowser(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' || ctx.path !== END_SESSION_PATH || deps.settings.logoutConfirmation === 'always') return next();
    const hint = firstValue(ctx.query.id_token_hint);
    if (typeof hint !== 'string') return next();
    if ((await provider.Session.get(ctx)).accountId) return next();
    const checked = await checkHint(provider, hint, firstValue(ctx.query.client_id));
    if (!checked) return next();
    const { client, claims } = checked;
    const target = firstValue(ctx.query.post_logout_redirect_uri);
    if (target !== undefined && (typeof target !== 'string' || !client.postLogoutRedirectUriAllowed(target))) return next();

    const sessions = sessionsNamedBy(await records.list('Session', { accountId: claims.sub as string }), client.clientId, claims);
    for (const { id, payload } of sessions) {
      await endSession({ provider, records }, {
        accountId: claims.sub as string,
        authorizations: (payload.authorizations ?? {}) as SessionAuthorizations,
        destroy: () => records.destroy('Session', id),
      });
    }
    log.info('logout.ended', { client_id: client.clientId, confirmation: false, without_browser: true, sessions: sessions.length });
    if (sessions.length > 0) {
      await deps.recordLogout?.(ctx, {
        accountId: claims.sub as string,
        clientId: client.clientId,
        detail: { confirmed: false, wholeSession: true, withoutBrowser: true, sessions: sessions.length },
      });
    }
    ctx.set('Cache-Control', 'no-store');
    if (typeof target === 'string') {
      ctx.status = 303;
      ctx.redirect(afterLogoutUri(target, firstValue(ctx.query.state)));
      return;
    }
    renderSignedOut(ctx, views, client.clientName ?? null);
  };
}
