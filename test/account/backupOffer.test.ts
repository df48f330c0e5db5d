/**
 * Right after sign-up the page offers a backup passkey before going back to the app; the offer can
 * be skipped, and it only ever adds to the account this sign-in has just created.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';

import { BrowserSession } from '../support/browserSession.js';
import { continueToApp, openInteraction, proveAddress } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk } from './accountJourneys.js';

describe('backup passkey offer after sign-up', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  async function signUpUntilOffer(email: string, through = app) {
    const browser = new BrowserSession(provider.origin);
    const pending = await through.startSignIn();
    const base = await openInteraction(browser, pending.url);
    const options = await proveAddress(provider, browser, base, email);
    const created = expectOk(await browser.postJson(`${base}/signup/passkey`, { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) }));
    return { browser, pending, base, created: created.json as { redirectTo: string; backupPasskeyAt: string } };
  }

  it('sends the new account through the offer, which adds a passkey on another authenticator and continues to the app', async () => {
    const { browser, pending, base, created } = await signUpUntilOffer('backup@example.com');
    expect(created.backupPasskeyAt).toBe(`${base}/backup-passkey`);
    const offer = expectOk(await browser.get(created.backupPasskeyAt));
    expect(offer.body).toContain('<h1>Add a backup passkey?</h1>');
    expect(offer.body).toContain('>Add a backup passkey</button>');
    expect(offer.body).toContain(`href="${created.redirectTo}"`);

    const options = expectOk(await browser.postJson(`${base}/backup-passkey/options`, {})).json as PublicKeyCredentialCreationOptionsJSON;
    expect(options.excludeCredentials).toHaveLength(1);
    const added = expectOk(await browser.postJson(`${base}/backup-passkey`, { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) }));
    expect(added.json).toEqual({ added: true, name: 'Passkey', redirectTo: created.redirectTo });

    const tokens = await app.finishSignIn((await continueToApp(browser, added.json.redirectTo)).location!, pending);
    expect(await provider.store.credentials.listByPerson(tokens.claims()!.sub)).toHaveLength(2);
  });

  it('can be skipped: its link goes on to the app', async () => {
    const { browser, pending, created } = await signUpUntilOffer('skip@example.com');
    const offer = expectOk(await browser.get(created.backupPasskeyAt));
    const skip = /<a class="button-link" id="skip" href="([^"]+)"/.exec(offer.body)![1];
    const tokens = await app.finishSignIn((await continueToApp(browser, skip.replace(/&amp;/g, '&'))).location!, pending);
    expect(await provider.store.credentials.listByPerson(tokens.claims()!.sub)).toHaveLength(1);
  });

  it('names an app without a name in the catalog\'s words, as sign-up does', async () => {
    const unnamed = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { extra: { client_name: undefined } }));
    const { browser, created } = await signUpUntilOffer('unnamed@example.com', unnamed);
    const offer = expectOk(await browser.get(created.backupPasskeyAt));
    expect(offer.body).toContain('>Not now, continue to An application</a>');
    expect(offer.body).not.toContain('the app');
  });

  it('is not there for a sign-in that has not signed anyone in, nor for another browser', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const refused = await browser.postJson(`${base}/backup-passkey/options`, {});
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('interaction_expired');

    const { base: theirs } = await signUpUntilOffer('theirs@example.com');
    const stranger = new BrowserSession(provider.origin);
    expect((await stranger.postJson(`${theirs}/backup-passkey/options`, {})).json.error).toBe('interaction_expired');
  });
});
