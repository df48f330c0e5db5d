/**
 * The provider under test, as its own process: wired as src/main.ts wires it (same settings from the
 * environment, same store, mailer and app), with two differences the bench needs:
 * - it listens on 127.0.0.1 only, on a free port, and reports the issuer over IPC;
 * - the store is wrapped in a counter of operations (bench/countStoreOperations.ts), and the process
 *   answers metrics requests over IPC (bench/serverMetrics.ts).
 * Run only by bench/run.ts (through child_process.fork).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createApp } from '../src/app.js';
import { loadSettings } from '../src/config/settings.js';
import { createMailer } from '../src/email/mailer.js';
import { createLogger } from '../src/log.js';
import { openStore } from '../src/store/open.js';
import { countStoreOperations } from './countStoreOperations.js';
import { announceListening, answerMetricsRequests } from './serverMetrics.js';

const log = createLogger();

async function main(): Promise<void> {
  const server = createServer();
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const settings = loadSettings({ ...process.env, PORT: String(port), IDP_ISSUER: `http://localhost:${port}` });

  const counted = countStoreOperations(await openStore(settings.databaseUrl, { log }));
  const store = counted.store;
  const mailer = createMailer({ settings, log, store });
  const app = await createApp({ settings, store, mailer, log });
  server.on('request', app.callback());

  const sweeper = setInterval(() => store.sweep().catch((error: Error) => log.warn('store.sweep_failed', { detail: error.message })), 60_000);
  sweeper.unref();
  process.on('SIGTERM', () => {
    clearInterval(sweeper);
    server.closeAllConnections();
    server.close(() => {
      // A normal exit, so that --cpu-prof writes its profile.
      mailer.close().then(() => store.close()).finally(() => process.exit(0));
    });
  });

  answerMetricsRequests(counted);
  announceListening(settings.issuer);
}

main().catch((error: unknown) => {
  log.error('bench.provider_failed', { detail: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
