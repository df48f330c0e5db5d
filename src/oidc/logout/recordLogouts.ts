/**
 * Sign-outs an app starts (RP-initiated logout) go into the audit trail as `app_logout`, whichever
 * way they end the session:
 * - the person confirms on the "Sign out?" page (oidc-provider's own end_session confirm step);
 * - the app's `id_token_hint` names the signed-in person, so no page is shown (./logoutWithoutConfirmation.ts);
 * - the app's server sends it without a browser (ibid.: `detail.withoutBrowser`).
 * The first two end with oidc-provider's `end_session.success` event; its listener cannot be awaited,
 * so it leaves the write on the request and a middleware in front of the endpoint waits for it
 * before the answer goes out: the event is in the trail by the time the app sees the redirect.
 * Answering "No" on the page (sign out of this app only) ends no session and is recorded with
 * `detail.wholeSession: false`. A failed write never fails the sign-out (recordAudit never throws).
 */
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { auditRequest } from '../../audit/auditRequest.js';
import type { AuditDeps } from '../../audit/recordAudit.js';
import type { JsonValue, Store } from '../../store/ports.js';

export interface AppLogout {
  accountId: string;
  clientId: string | null;
  detail: Record<string, JsonValue>;
}

export type RecordAppLogout = (ctx: Pick<Context, 'ip' | 'get'>, logout: AppLogout) => Promise<void>;

export function createAppLogoutRecorder(deps: AuditDeps & { store: Pick<Store, 'audit' | 'people'> }): RecordAppLogout {
  return async (ctx, { accountId, clientId, detail }) => {
    const person = await deps.store.people.findById(accountId).catch(() => null);
    await auditRequest(deps, ctx, { type: 'app_logout', personId: accountId, email: person?.email ?? null, clientId, detail });
  };
}

/** Records the sign-outs oidc-provider reports; the middleware it returns holds each answer until its record is written. */
export function recordEndedSessions(provider: Provider, record: RecordAppLogout) {
  const writing = new WeakMap<object, Promise<void>>();
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const { session, params, client } = ctx.oidc;
    if (!session?.accountId) return;
    const confirmed = ctx.path.endsWith('/confirm');
    writing.set(ctx, record(ctx, {
      accountId: session.accountId,
      clientId: client?.clientId ?? null,
      // Without the page, the whole session ends; on it, "Yes" ends it and "No" only forgets this app.
      detail: { confirmed, wholeSession: !confirmed || Boolean(params?.logout) },
    }));
  });
  return async function waitForLogoutRecords(ctx: Context, next: Next): Promise<void> {
    await next();
    await writing.get(ctx);
  };
}
