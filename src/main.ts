/**
 * Wiring only: read the settings, open the store, build the app, listen, and shut down cleanly
 * on SIGTERM/SIGINT (stop accepting, finish what is in flight, close the store, exit 0).
 */
import type { ServerResponse } from 'node:http';

import { describeSignUpPolicy } from './access/signUpPolicy.js';
import { createApp } from './app.js';
import { pruneAuditTrail } from './audit/pruneAuditTrail.js';
import { loadSettings, SettingsError } from './config/settings.js';
import { createMailer } from './email/mailer.js';
import { createHttpServer } from './http/server.js';
import { createLogger } from './log.js';
import { countMailEvents } from './metrics/countEvents.js';
import { createMetrics } from './metrics/metrics.js';
import { openStore } from './store/open.js';

const log = createLogger();

async function main(): Promise<void> {
  const settings = loadSettings();
  const store = await openStore(settings.databaseUrl, { log });
  const metrics = createMetrics();
  const mailer = createMailer({ settings, log: countMailEvents(log, metrics), store });
  const app = await createApp({ settings, store, mailer, log, metrics });
  const server = createHttpServer(app.callback());
  // Responses not yet started when a stop begins say `Connection: close`, so that the keep-alive
  // connection of a request in flight ends with it: otherwise it would stay open, and take more
  // requests, until its keep-alive timeout, holding up the exit.
  const unanswered = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });

  const sweeper = setInterval(() => {
    store.sweep().catch((error: Error) => log.warn('store.sweep_failed', { detail: error.message }));
    pruneAuditTrail(store, settings.auditRetentionDays, Date.now()).catch((error: Error) => log.warn('audit.prune_failed', { detail: error.message }));
    store.outbox.removeBefore(new Date(Date.now() - settings.mailKeepDays * 86_400_000)).catch((error: Error) => log.warn('mail.prune_failed', { detail: error.message }));
  }, 60_000);
  sweeper.unref();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    clearInterval(sweeper);
    for (const response of unanswered) if (!response.headersSent) response.setHeader('Connection', 'close');
    server.close(() => {
      // The worker finishes the attempts under way (SMTP timeouts bound them); queued mails wait in the store.
      mailer.close().then(() => store.close()).then(() => {
        log.info('server.stopped');
        process.exit(0);
      }, (error: Error) => {
        log.error('store.close_failed', { detail: error.message });
        process.exit(1);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  server.listen(settings.port, settings.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    log.info('server.listening', { issuer: settings.issuer, host: settings.host, port, store: store.engine, discovery: `${settings.issuer}/.well-known/openid-configuration` });
    log.info('server.sign_up_policy', { signUp: settings.signUp, emailDomains: settings.signUpEmailDomains, meaning: describeSignUpPolicy(settings) });
  });
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    log.error('server.start_failed', { detail: error instanceof Error ? error.stack : String(error) });
  }
  process.exit(1);
});
