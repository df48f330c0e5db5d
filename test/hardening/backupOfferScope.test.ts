/**
 * The backup-passkey offer belongs to the sign-up that just happened, and to nothing else: its
 * ceremony cannot be finished through another step (a clear 4xx, nothing added), and neither an
 * ordinary sign-in nor a recovery opens it, so no passkey can be added there without a fresh
 * confirmation on the account page.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';

import { BrowserSession } from '../support/browserSession.js';
import { lastMailTo, openInteraction, passkeyOptions, proveAddress } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk, newPerson } from '../account/accountJourneys.js';

describe('the backup passkey offer', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  const passkeysOf = async (sub: string) => (await provider.store.credentials.listByPerson(sub)).length;

  it('refuses a backup passkey ceremony finished through the sign-up step with a 4xx, and adds nothing', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const options = await proveAddress(provider, browser, base, 'crossed@example.com');
    const created = expectOk(await browser.postJson(`${base}/signup/passkey`, { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) }));
    expect(created.json.backupPasskeyAt).toBe(`${base}/backup-passkey`);
    const backup = expectOk(await browser.postJson(`${base}/backup-passkey/options`, {})).json as PublicKeyCredentialCreationOptionsJSON;
    const person = await provider.store.people.findByEmail('crossed@example.com');

    const crossed = await browser.postJson(`${base}/signup/passkey`, { response: new SoftAuthenticator().createCredential(backup, { origin: provider.origin }) });
    expect(crossed.status).toBeGreaterThanOrEqual(400);
    expect(crossed.status).toBeLessThan(500);
    expect(await passkeysOf(person!.id)).toBe(1);
  });

  it('is not offered after an ordinary sign-in', async () => {
    const person = await newPerson(provider, app, 'ordinary@example.com');
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn({ prompt: 'login' })).url);
    const options = await passkeyOptions(browser, base);
    expectOk(await browser.postJson(`${base}/passkey/verify`, { response: person.authenticator.getAssertion(options, { origin: provider.origin }) }));

    expect((await browser.get(`${base}/backup-passkey`)).status).toBe(400);
    const refused = await browser.postJson(`${base}/backup-passkey/options`, {});
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('interaction_expired');
    expect(await passkeysOf(person.sub)).toBe(1);
  });

  it('is not offered after a recovery continues the sign-in', async () => {
    const person = await newPerson(provider, app, 'recovered@example.com');
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const uid = base.split('/').pop()!;
    expectOk(await browser.postJson('/recovery', { email: person.email, interaction: uid }));
    const link = /\/recover\/[A-Za-z0-9_-]+/.exec((await lastMailTo(provider, person.email)).text)![0];
    const options = expectOk(await browser.postJson(`${link}/options`, {})).json as PublicKeyCredentialCreationOptionsJSON;
    const added = expectOk(await browser.postJson(`${link}/passkey`, { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) }));
    expectOk(await browser.postJson(added.json.continueAt, { token: added.json.continueToken }));
    expect(await passkeysOf(person.sub)).toBe(2);

    expect((await browser.get(`${base}/backup-passkey`)).status).toBe(400);
    const refused = await browser.postJson(`${base}/backup-passkey/options`, {});
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('interaction_expired');
    expect(await passkeysOf(person.sub)).toBe(2);
  });
});
