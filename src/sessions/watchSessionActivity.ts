/**
 * Records, at every successful authorization (an app signing in through this browser), which
 * browser the session is in and that it was active now, for the account page's list of sessions.
 * oidc-provider saves the session at the end of that same request, and the activity is saved with
 * it (src/oidc/adapter.ts): no write of its own.
 */
import type Provider from 'oidc-provider';

import { recordActivityOnSave } from './sessionActivity.js';
import { describeBrowser } from '../passkeys/describeBrowser.js';

export function watchSessionActivity(provider: Provider, deps: { now: () => number }): void {
  provider.on('authorization.success', (ctx) => {
    const session = ctx.oidc?.session;
    if (!session?.accountId || !session.uid) return;
    recordActivityOnSave(ctx, { browser: describeBrowser(ctx.get('User-Agent')), lastActiveAt: deps.now() });
  });
}
