/**
 * Starts the real provider in the test process, on 127.0.0.1 and a free port, with its issuer at
 * http://localhost:PORT (a secure context for WebAuthn, as in a browser).
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';

import { createApp } from '../../src/app.js';
import type { Settings } from '../../src/config/settings.js';
import { createMailer, type MailService } from '../../src/email/mailer.js';
import { createMemoryLogger } from '../../src/log.js';
import { countMailEvents } from '../../src/metrics/countEvents.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

export interface TestProvider {
  issuer: string;
  origin: string;
  app: Provider;
  store: Store;
  mailer: MailService;
  settings: Settings;
  log: ReturnType<typeof createMemoryLogger>;
  server: Server;
  /** Closes the server; the store too unless it was passed in. */
  close(): Promise<void>;
}

export interface TestProviderOptions {
  store?: Store;
  settings?: Partial<Settings>;
  now?: () => number;
  /** Listen on this port (to restart a provider at the same issuer); default: a free one. */
  port?: number;
  /** Issuer https://localhost:PORT, as behind a TLS-terminating proxy (which tests play with X-Forwarded-Proto). */
  https?: boolean;
  /** Serve TLS itself with this key and certificate (PEM): issuer https://localhost:PORT, no proxy in front. */
  tls?: { key: string; cert: string };
  /** Waits before each retry of a failed back-channel logout. */
  backchannelRetryDelaysMs?: number[];
}

export async function startTestProvider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const server: Server = options.tls ? createTlsServer(options.tls) : createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `${options.https || options.tls ? 'https' : 'http'}://localhost:${port}`;
  const settings: Settings = {
    port,
    host: '127.0.0.1',
    issuer,
    databaseUrl: 'sqlite::memory:',
    production: false,
    rpName: 'Test ID',
    trustProxy: options.https ? 1 : false,
    smtpUrl: null,
    mailFrom: 'Test ID <no-reply@localhost>',
    recoveryLinkMinutes: 10,
    recoveryRemovesOldPasskeys: false,
    signUp: 'open',
    signUpEmailDomains: [],
    logoutConfirmation: 'when-needed', auditRetentionDays: 90, newDeviceAlerts: false, metricsToken: null,
    mailMaxAttempts: 8, mailRetrySeconds: 30, mailKeepDays: 14,
    // Tests sign in from 127.0.0.1 far more often than any person does: the limits on what one address
    // may start are off unless a test sets them (test/hardening/startLimits.test.ts and the store-writes count do).
    interactionsPerIp: 0, ceremoniesPerIp: 0, ceremoniesPerInteraction: 0,
    ...options.settings,
  };
  const log = createMemoryLogger();
  const now = options.now ?? Date.now;
  const store = options.store ?? await openStore(settings.databaseUrl, { now, log });
  const metrics = createMetrics();
  const mailer = createMailer({ settings, log: countMailEvents(log, metrics), store, retryBaseMs: 5, pollMs: 200 });
  const app = await createApp({ settings, store, mailer, log, now, backchannelRetryDelaysMs: options.backchannelRetryDelaysMs, metrics });
  server.on('request', app.callback());
  return {
    issuer,
    origin: issuer,
    app,
    store,
    mailer,
    settings,
    log,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Let the shared fetch pool see its sockets closed, so no later request reuses one.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await mailer.close();
      if (!options.store) await store.close();
    },
  };
}
