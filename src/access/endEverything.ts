/**
 * Everything signed in as an account ends: every browser session (as every session ends, so their
 * apps with a back-channel logout URI are told: src/sessions/endSessions.ts), every grant and every
 * token under it, refresh tokens and `offline_access` ones included. For disabling, removing and
 * deleting an account, and an administrator's "sign out everywhere".
 */
import { endSessionsOf, sessionEnding, type NotifyAppsOfLogout } from '../sessions/endSessions.js';
import { CONSENT_MODEL, type Store } from '../store/ports.js';

export interface EndEverythingDeps {
  store: Store;
  /** Tells the apps of each session that ends (back-channel logout: src/sessions/endSessions.ts). */
  notifyApps: NotifyAppsOfLogout;
}

/**
 * Ends every session of the account, as every session ends (its apps are told), and revokes every
 * grant and token it holds; returns the sessions ended.
 */
export async function endEverything(deps: EndEverythingDeps, personId: string): Promise<number> {
  const records = deps.store.oidc;
  const sessions = await endSessionsOf(sessionEnding(deps), { accountId: personId, keepUid: null });
  // A session saved while those ended (a sign-in already under way) goes too.
  await records.destroyByAccount('Session', personId);
  for (const grant of await records.list('Grant', { accountId: personId })) {
    await records.revokeByGrantId(grant.id);
    await records.destroy('Grant', grant.id);
  }
  // Tokens carry their grant, so they went above; these catch any whose grant was already gone.
  for (const model of ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'DeviceCode', CONSENT_MODEL]) {
    await records.destroyByAccount(model, personId);
  }
  return sessions;
}
