/**
 * Ending a browser session the way oidc-provider's own logout does (its end_session confirm step),
 * for the cases where the provider ends it without showing the confirmation page: every app of the
 * session gets a back-channel logout token, the grants the apps received through the session are
 * revoked (and with them their tokens) except those meant to outlive it (`offline_access`), and
 * the session record goes.
 */
import type Provider from 'oidc-provider';

import type { OidcRecords } from '../../store/ports.js';
import { notifyAppsOfLogout, type SessionAuthorizations } from './notifyApps.js';

export interface EndSessionDeps {
  provider: Provider;
  records: OidcRecords;
}

export interface EndingSession {
  accountId: string;
  authorizations: SessionAuthorizations;
  /** Removes the session record (and, for the browser's own session, marks it so it is not saved again). */
  destroy(): Promise<void>;
}

export async function endSession({ provider, records }: EndSessionDeps, session: EndingSession): Promise<void> {
  await notifyAppsOfLogout(provider, session.accountId, session.authorizations);
  for (const { grantId, persistsLogout } of Object.values(session.authorizations)) {
    if (grantId && !persistsLogout) {
      await records.revokeByGrantId(grantId);
      await records.destroy('Grant', grantId);
    }
  }
  await session.destroy();
}

/** Where the browser goes after a logout an app asked for: its registered URI with its state, if any. */
export function afterLogoutUri(postLogoutRedirectUri: string, state: unknown): string {
  const url = new URL(postLogoutRedirectUri);
  if (typeof state === 'string' && state) url.searchParams.set('state', state);
  return url.href;
}
