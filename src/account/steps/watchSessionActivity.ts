/**
 * Records, at every successful authorization (an app signing in through this browser), which
 * browser the session is in and that it was active now, for the account page's list of sessions.
 * oidc-provider emits the event synchronously and does not wait for listeners: a failure to record
 * is logged and never affects the sign-in.
 */
import type Provider from 'oidc-provider';

import type { Logger } from '../../log.js';
import { SESSION_TTL_SECONDS } from '../../oidc/createProvider.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import type { OidcRecords } from '../../store/ports.js';
import { recordSessionActivity } from '../sessionActivity.js';

export function watchSessionActivity(provider: Provider, deps: { records: OidcRecords; log: Logger; now: () => number }): void {
  provider.on('authorization.success', (ctx) => {
    const session = ctx.oidc?.session;
    if (!session?.accountId || !session.uid) return;
    recordSessionActivity(deps.records, {
      sessionUid: session.uid,
      accountId: session.accountId,
      browser: describeBrowser(ctx.get('User-Agent')),
      at: deps.now(),
      ttlSeconds: SESSION_TTL_SECONDS,
    }).catch((error: unknown) => deps.log.warn('account.activity_not_recorded', { detail: (error as Error).message }));
  });
}
