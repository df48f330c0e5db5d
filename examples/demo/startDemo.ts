/**
 * Starts the provider (development settings: open sign-up, mails to the development outbox) and the
 * demo app, registered as an ordinary confidential app with PKCE on its first start. The app is
 * registered again on every start (a new secret is not worth keeping for a demo); earlier demo
 * registrations are removed so `idp clients list` stays short.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

import { createApp } from '../../src/app.js';
import { registerApp, listApps, removeApp } from '../../src/clients/relyingApps.js';
import { loadSettings } from '../../src/config/settings.js';
import { createMailer, type MailService } from '../../src/email/mailer.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import { startDemoApp } from './demoApp.js';

export const DEMO_APP_NAME = 'Demo app';

export interface DemoOptions {
  providerPort: number;
  appPort: number;
  databaseUrl: string;
  /** Log lines go here (default: the provider's JSON lines on stderr). */
  log?: ReturnType<typeof createLogger>;
}

export interface Demo {
  issuer: string;
  appUrl: string;
  mailer: MailService;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const log = options.log ?? createLogger();
  const issuer = `http://localhost:${options.providerPort}`;
  const settings = loadSettings({
    PORT: String(options.providerPort), IDP_ISSUER: issuer, DATABASE_URL: options.databaseUrl, NODE_ENV: 'development', SIGN_UP: 'open',
  });
  if (options.databaseUrl.startsWith('sqlite:./data/')) mkdirSync('data', { recursive: true });
  const store = await openStore(settings.databaseUrl, { log });
  const mailer = createMailer({ settings, log, store });
  const app = await createApp({ settings, store, mailer, log });
  const provider = createHttpServer(app.callback());
  await new Promise<void>((resolve) => provider.listen(options.providerPort, '127.0.0.1', resolve));
  if ((provider.address() as AddressInfo).port !== options.providerPort) throw new Error('the provider must listen on the port its issuer names');

  const appUrl = `http://localhost:${options.appPort}`;
  for (const old of (await listApps(store)).filter((a) => a.name === DEMO_APP_NAME)) await removeApp(store, old.clientId);
  const { clientId, clientSecret } = await registerApp(store, {
    name: DEMO_APP_NAME, redirectUris: [`${appUrl}/callback`], postLogoutRedirectUris: [`${appUrl}/`], isPublic: false,
  }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
  const demoApp = await startDemoApp({ issuer, clientId, clientSecret: clientSecret!, port: options.appPort });

  return {
    issuer,
    appUrl: demoApp.url,
    mailer,
    async close() {
      await demoApp.close();
      provider.closeAllConnections();
      await new Promise<void>((resolve) => provider.close(() => resolve()));
      await mailer.close();
      await store.close();
    },
  };
}
