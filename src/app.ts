/**
 * createApp(deps): the whole provider as one Koa application. oidc-provider 9's Provider is itself
 * a Koa app; our middleware runs in front of its endpoints, in this order:
 *   security headers → cache policy → admin API (src/admin/api/) → language (src/i18n/) → error boundary → static assets and branding (src/branding/branding.ts) → probes → site pages → interaction steps
 *   → authorization requests per address (src/rateLimits/) → device code guess limit (src/device/) → sign-outs into the audit trail
 *   → logout requests an app sends without a browser (src/oidc/logout/)
 *   → oidc-provider
 * and every request is seen as sent to IDP_ISSUER (src/http/publicOrigin.ts).
 */
import { randomBytes } from 'node:crypto';

import type Provider from 'oidc-provider';

import { adminApi } from './admin/api/adminApi.js';
import { LIMIT_DEFAULTS, type Settings } from './config/settings.js';
import type { MailService } from './email/mailer.js';
import { loadBranding } from './branding/branding.js';
import { cachePolicy } from './http/cachePolicy.js';
import { errorBoundary } from './http/errorBoundary.js';
import { operationsRouter } from './http/operations.js';
import { requestIdOf } from './http/requestId.js';
import { pinRequestsToIssuer } from './http/publicOrigin.js';
import { reportUncaughtErrors } from './http/reportErrors.js';
import { answerStoreOutages } from './http/storeOutage.js';
import { securityHeaders } from './http/securityHeaders.js';
import { sitePagesRouter } from './http/sitePages.js';
import { staticAssets } from './http/staticAssets.js';
import { createViews } from './http/views.js';
import { chooseLanguage } from './i18n/requestLanguage.js';
import type { Logger } from './log.js';
import { createProvider } from './oidc/createProvider.js';
import { limitCodeGuesses } from './device/limitCodeGuesses.js';
import { limitInteractions } from './rateLimits/limitInteractions.js';
import { endSessionFromServer } from './oidc/logout/logoutWithoutConfirmation.js';
import { appLogoutNotifier } from './oidc/logout/notifyApps.js';
import { createAppLogoutRecorder, recordEndedSessions } from './oidc/logout/recordLogouts.js';
import { acceptPreviousClientSecrets } from './oidc/clientSecretOverlap.js';
import { loadOrCreateKeys } from './oidc/keys.js';
import { countAuditEvent } from './metrics/countEvents.js';
import { measureHttp } from './metrics/measureHttp.js';
import { measureOutbox } from './metrics/measureOutbox.js';
import { measureStore } from './metrics/measureStore.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { metricsEndpoint } from './metrics/metricsEndpoint.js';
import { logRefusedRequests } from './oidc/logRefusedRequests.js';
import { relyingPartyFor } from './passkeys/relyingParty.js';
import { SESSION_COOKIE } from './sessions/browserSession.js';
import { watchSessionActivity } from './sessions/watchSessionActivity.js';
import { stepTable } from './stepTable.js';
import { stepRouter } from './steps/router.js';
import type { Store } from './store/ports.js';

export interface AppDeps {
  settings: Settings;
  store: Store;
  mailer: MailService;
  log: Logger;
  now?: () => number;
  /** Tests shorten the waits between back-channel logout retries. */
  backchannelRetryDelaysMs?: number[];
  /** The metrics to count into (the mailer's logger counts mail events into the same); one is made when not given. */
  metrics?: Metrics;
}

export async function createApp({ settings, store: unmeasured, mailer, log, now = Date.now, backchannelRetryDelaysMs, ...rest }: AppDeps): Promise<Provider> {
  const metrics = rest.metrics ?? createMetrics();
  const store = measureStore(unmeasured, metrics);
  measureOutbox(metrics, unmeasured.outbox);
  const branding = loadBranding(settings);
  const views = createViews({ siteName: settings.rpName, branding: branding.page });
  const keys = await loadOrCreateKeys(store.secrets);
  const onAudit = countAuditEvent(metrics);
  const provider = createProvider({ settings, store, keys, views, log, now, onAudit, backchannelRetryDelaysMs });
  const passkeys = { store, rp: relyingPartyFor(settings.issuer, settings.rpName), now, log };
  // Every session that ends, whoever ends it, tells its apps (src/sessions/endSessions.ts).
  const notifyApps = appLogoutNotifier(provider);
  const deps = { provider, store, settings, views, mailer, passkeys, log, now, onAudit, notifyApps };

  pinRequestsToIssuer(provider, settings);
  acceptPreviousClientSecrets(provider, now);
  reportUncaughtErrors(provider, log);
  provider.use(measureHttp(metrics));
  provider.use(metricsEndpoint(metrics, settings.metricsToken));
  provider.use(securityHeaders(settings.issuer));
  provider.use(cachePolicy());
  provider.use(answerStoreOutages(provider));
  // Answers its own refusals as problem details, so it comes before the pages' error boundary.
  provider.use(adminApi({ store, mailer, settings, log, now, randomBytes, onAudit: deps.onAudit, notifyApps }));
  // Before the error boundary, so that errors are explained in the request's language too.
  provider.use(chooseLanguage());
  provider.use(errorBoundary({ views, log }));
  provider.use(staticAssets());
  provider.use(branding.serve);
  provider.use(operationsRouter(store).routes());
  provider.use(sitePagesRouter({ views, outbox: mailer.outbox }).routes());
  provider.use(stepRouter(stepTable, deps).routes());
  provider.use(limitInteractions({
    rateLimits: store.rateLimits,
    authorizationPath: provider.pathFor('authorization'),
    perIp: settings.interactionsPerIp ?? LIMIT_DEFAULTS.interactionsPerIp,
  }));
  provider.use(limitCodeGuesses(store.rateLimits));
  const recordLogout = createAppLogoutRecorder({ store, log, now, onAudit: deps.onAudit });
  provider.use(recordEndedSessions(provider, recordLogout));
  provider.use(endSessionFromServer({ provider, records: store.oidc, settings, views, log, sessionCookie: SESSION_COOKIE, recordLogout }));
  watchSessionActivity(provider, { now });
  logRefusedRequests(provider, { log, metrics });
  provider.on('server_error', (ctx, error) => log.error('oidc.server_error', { requestId: requestIdOf(ctx), detail: error.stack }));
  return provider;
}
