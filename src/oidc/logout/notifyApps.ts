/**
 * OpenID Connect Back-Channel Logout 1.0: when a browser session ends, every app the person signed
 * in to through it that registered a `backchannel_logout_uri` receives a signed logout token
 * (oidc-provider's `client.backchannelLogout` builds, signs and posts it: §2.4–2.5). A failure is
 * reported as oidc-provider reports its own, with the `backchannel.error` event, which
 * backchannelRetries.ts listens to; nothing here throws for an app that did not answer.
 */
import type Provider from 'oidc-provider';
import type { Client } from 'oidc-provider';

import type { NotifyAppsOfLogout, SessionAuthorizations } from '../../sessions/endSessions.js';

export type { SessionAuthorization, SessionAuthorizations } from '../../sessions/endSessions.js';

/** oidc-provider's Client method that posts a logout token (not in its type declarations). */
export function postLogoutToken(client: Client, accountId: string, sid: string): Promise<void> {
  return (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(accountId, sid);
}

export async function notifyAppsOfLogout(provider: Provider, accountId: string, authorizations: SessionAuthorizations): Promise<void> {
  await Promise.all(Object.entries(authorizations).map(async ([clientId, { sid }]) => {
    const client = await provider.Client.find(clientId).catch(() => undefined);
    if (!client?.backchannelLogoutUri || !sid) return;
    try {
      await postLogoutToken(client, accountId, sid);
      provider.emit('backchannel.success', undefined, client, accountId, sid);
    } catch (error) {
      provider.emit('backchannel.error', undefined, error, client, accountId, sid);
    }
  }));
}

/** The notice every ending session sends (src/sessions/endSessions.ts), bound to this provider. */
export function appLogoutNotifier(provider: Provider): NotifyAppsOfLogout {
  return (accountId, authorizations) => notifyAppsOfLogout(provider, accountId, authorizations);
}
