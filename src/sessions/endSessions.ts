/**
 * The one way a browser session ends, whoever ends it: the person (sign out here, end another
 * session, "I lost a device", a recovery), an administrator (end sessions, disable, remove) or an
 * app (RP-initiated logout, src/oidc/logout/). As oidc-provider's own logout does (its end_session
 * confirm step):
 * - every app of the session that registered a back-channel logout URI is told, with a logout token
 *   naming the session's `sid` (OpenID Connect Back-Channel Logout 1.0 §2.4; `notifyApps` is
 *   src/oidc/logout/notifyApps.ts, bound to the provider in src/app.ts);
 * - the grants the apps received through the session are revoked, and with them their tokens, except
 *   those meant to outlive it (`offline_access`: `persistsLogout`);
 * - the session record goes.
 * Apps are told first, while the session still names them; a failed notice is retried by
 * src/oidc/logout/backchannelRetries.ts and never stops the session from ending.
 */
import type { OidcRecords, Store } from '../store/ports.js';
import { listSessionRecords, type SessionRecord } from './sessionActivity.js';

/** What oidc-provider keeps per app in a Session record. */
export interface SessionAuthorization {
  sid?: string;
  grantId?: string;
  persistsLogout?: boolean;
}

export type SessionAuthorizations = Record<string, SessionAuthorization>;

/** Sends a logout token to each app of an ending session that registered back-channel logout. */
export type NotifyAppsOfLogout = (accountId: string, authorizations: SessionAuthorizations) => Promise<void>;

export interface SessionEndingDeps {
  records: OidcRecords;
  notifyApps: NotifyAppsOfLogout;
}

/** The ending deps from the store and notifier a step or service already holds. */
export function sessionEnding(deps: { store: Pick<Store, 'oidc'>; notifyApps: NotifyAppsOfLogout }): SessionEndingDeps {
  return { records: deps.store.oidc, notifyApps: deps.notifyApps };
}

export interface EndingSession {
  accountId: string;
  authorizations: SessionAuthorizations;
  /** Removes the session record (and, for the browser's own session, marks it so it is not saved again). */
  destroy(): Promise<void>;
}

export async function endBrowserSession({ records, notifyApps }: SessionEndingDeps, session: EndingSession): Promise<void> {
  await notifyApps(session.accountId, session.authorizations);
  for (const { grantId, persistsLogout } of Object.values(session.authorizations)) {
    if (grantId && !persistsLogout) {
      await records.revokeByGrantId(grantId);
      await records.destroy('Grant', grantId);
    }
  }
  await session.destroy();
}

/** Ends a session as stored (not the one of the request that asks, if any: see endBrowserSession). */
export async function endSessionRecord(deps: SessionEndingDeps, accountId: string, session: SessionRecord): Promise<void> {
  await endBrowserSession(deps, {
    accountId,
    authorizations: (session.payload.authorizations ?? {}) as SessionAuthorizations,
    destroy: () => deps.records.destroy('Session', session.id),
  });
}

/** Ends every session of the account except `keepUid` (with null, every one); returns how many ended. */
export async function endSessionsOf(deps: SessionEndingDeps, input: { accountId: string; keepUid: string | null }): Promise<number> {
  const ending = (await listSessionRecords(deps.records, input.accountId)).filter((session) => session.payload.uid !== input.keepUid);
  for (const session of ending) await endSessionRecord(deps, input.accountId, session);
  return ending.length;
}
