import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openStore } from '../../src/store/open.js';
import { BrowserSession } from '../support/browserSession.js';
import { signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider } from '../support/testProvider.js';

describe('a restart of the provider', () => {
  const directory = mkdtempSync(join(tmpdir(), 'idp-restart-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps signing keys, sessions, tokens and clients', async () => {
    const databaseUrl = `sqlite:${join(directory, 'idp.db')}`;
    const firstStore = await openStore(databaseUrl);
    const first = await startTestProvider({ store: firstStore });
    const client = await registerClient(first.store, { extra: {} });
    const app = await RelyingApp.discover(first.issuer, client);
    const browser = new BrowserSession(first.origin);
    const pending = await app.startSignIn({ scope: 'openid email offline_access', prompt: 'consent' });
    const tokens = await app.finishSignIn((await signUp(first, browser, new SoftAuthenticator(), pending.url, 'keep@example.com')).location!, pending);
    const keysBefore = await (await fetch(`${first.issuer}/jwks`)).json();
    const port = first.settings.port;
    await first.close();
    await firstStore.close();

    const secondStore = await openStore(databaseUrl);
    const second = await startTestProvider({ store: secondStore, port });
    try {
      expect(second.issuer).toBe(first.issuer);
      expect(await (await fetch(`${second.issuer}/jwks`)).json()).toEqual(keysBefore);
      // The app's tokens still work, and the browser is still signed in (prompt=none gets a code).
      const sameApp = await RelyingApp.discover(second.issuer, client);
      expect((await sameApp.userinfo(tokens.access_token, tokens.claims()!.sub)).email).toBe('keep@example.com');
      expect((await sameApp.refresh(tokens.refresh_token!)).access_token).toBeTruthy();
      const silent = await sameApp.startSignIn({ prompt: 'none' });
      const hop = await browser.follow(silent.url, 'https://app.example');
      const again = await sameApp.finishSignIn(hop.location!, silent);
      expect(again.claims()!.sub).toBe(tokens.claims()!.sub);
    } finally {
      await second.close();
      await secondStore.close();
    }
  });
});
