/**
 * Retries for back-channel logout. oidc-provider posts a logout token once, when the session ends
 * (its own logout or ours, notifyApps.ts), and reports a failure (no answer, or a status other than
 * 200/204) with `backchannel.error`. An app that was briefly down would then keep the person signed
 * in, so each failure is retried with a fresh logout token after each of `delaysMs`, and logged.
 * Retries live in this process: a restart forgets the ones still waiting (the log says which).
 */
import type Provider from 'oidc-provider';
import type { Client } from 'oidc-provider';

import type { Logger } from '../../log.js';
import { postLogoutToken } from './notifyApps.js';

export const BACKCHANNEL_RETRY_DELAYS_MS = [5_000, 30_000, 120_000];

export interface BackchannelRetryDeps {
  log: Logger;
  delaysMs?: number[];
}

export function retryFailedBackchannelLogouts(provider: Provider, { log, delaysMs = BACKCHANNEL_RETRY_DELAYS_MS }: BackchannelRetryDeps): void {
  const describe = (client: Client, attempt: number) => ({ client_id: client.clientId, client_name: client.clientName ?? null, attempt });

  function retry(client: Client, accountId: string, sid: string, index: number): void {
    if (index >= delaysMs.length) {
      log.error('logout.backchannel_gave_up', {
        ...describe(client, index + 1),
        detail: `the app at its backchannel_logout_uri did not accept a logout token after ${index + 1} attempts: it may still consider the person signed in`,
      });
      return;
    }
    const timer = setTimeout(() => {
      postLogoutToken(client, accountId, sid).then(
        () => log.info('logout.backchannel_sent', describe(client, index + 2)),
        (error: Error) => {
          log.warn('logout.backchannel_failed', { ...describe(client, index + 2), detail: error.message });
          retry(client, accountId, sid, index + 1);
        },
      );
    }, delaysMs[index]);
    timer.unref();
  }

  provider.on('backchannel.success', (_ctx: unknown, client: Client) => log.info('logout.backchannel_sent', describe(client, 1)));
  provider.on('backchannel.error', (_ctx: unknown, error: Error, client: Client, accountId: string, sid: string) => {
    log.warn('logout.backchannel_failed', { ...describe(client, 1), detail: error.message });
    retry(client, accountId, sid, 0);
  });
}
