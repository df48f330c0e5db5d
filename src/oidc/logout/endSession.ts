/**
 * Ending a browser session the way oidc-provider's own logout does (its end_session confirm step),
 * for the cases where the provider ends it without showing the confirmation page. It is the same
 * ending as every other (src/sessions/endSessions.ts): logout tokens to the session's apps, their
 * grants revoked except `offline_access` ones, the session record gone.
 */
import type Provider from 'oidc-provider';

import { endBrowserSession, type EndingSession } from '../../sessions/endSessions.js';
import type { OidcRecords } from '../../store/ports.js';
import { appLogoutNotifier } from './notifyApps.js';

export type { EndingSession } from '../../sessions/endSessions.js';

export interface EndSessionDeps {
  provider: Provider;
  records: OidcRecords;
}

export async function endSession({ provider, records }: EndSessionDeps, session: EndingSession): Promise<void> {
  await endBrowserSession({ records, notifyApps: appLogoutNotifier(provider) }, session);
}

/** Where the browser goes after a logout an app asked for: its registered URI with its state, if any. */
export function afterLogoutUri(postLogoutRedirectUri: string, state: unknown): string {
  const url = new URL(postLogoutRedirectUri);
  if (typeof state === 'string' && state) url.searchParams.set('state', state);
  return url.href;
}
