/**
 * A store that fails must never lead to a code or token that was not saved: the request fails
 * closed with a clean answer, and service resumes by itself when the store answers again.
 */
import { StoreUnavailableError } from '../../src/store/failures.js';
import type { Ceremonies, OidcRecords, Store } from '../../src/store/ports.js';
import { openStore } from '../../src/store/open.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

/** The real store, with a switch that makes writes of chosen oidc-provider models (or ceremonies) fail. */
function withFailingWrites(store: Store, failing: Set<string>): Store {
  const oidc: OidcRecords = Object.create(store.oidc);
  oidc.upsert = async (model, id, payload, expiresIn, extras) => {
    if (failing.has(model)) throw new StoreUnavailableError(`writes of ${model} are failing`);
    return store.oidc.upsert(model, id, payload, expiresIn, extras);
  };
  // A sign-in page's ceremony is kept on its interaction.
  oidc.putCeremony = async (id, ceremony) => {
    if (failing.has('Ceremony')) throw new StoreUnavailableError('writes of ceremonies are failing');
    return store.oidc.putCeremony(id, ceremony);
  };
  const ceremonies: Ceremonies = Object.create(store.ceremonies);
  ceremonies.put = async (ceremony) => {
    if (failing.has('Ceremony')) throw new StoreUnavailableError('writes of ceremonies are failing');
    return store.ceremonies.put(ceremony);
  };
  return Object.assign(Object.create(store), { oidc, ceremonies });
}

describe('when the store fails', () => {
  const failing = new Set<string>();
  let provider: TestProvider;
  let app: RelyingApp;
  let client: RegisteredClient;
  let realStore: Store;
  const browser = new BrowserSession('');

  beforeAll(async () => {
    realStore = await openStore('sqlite::memory:');
    provider = await startTestProvider({ store: withFailingWrites(realStore, failing) });
    Object.assign(browser, { origin: provider.origin });
    client = await registerClient(provider.store);
    app = await RelyingApp.discover(provider.issuer, client);
    await signUp(provider, browser, new SoftAuthenticator(), (await app.startSignIn()).url, 'fail@example.com');
  });
  afterAll(async () => {
    await provider.close();
    await realStore.close();
  });
  afterEach(() => failing.clear());

  it('issues no access token that was not saved, and issues one once the store is back', async () => {
    const pending = await app.startSignIn();
    const callback = new URL((await browser.follow(pending.url, 'https://app.example')).location!);
    const before = await realStore.oidc.count('AccessToken');
    failing.add('AccessToken');
    const response = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: client.redirectUri, code_verifier: pending.verifier,
      }),
    });
    const body = await response.json();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(body).toEqual({ error: 'server_error', error_description: expect.any(String) });
    expect(body.access_token).toBeUndefined();
    expect(await realStore.oidc.count('AccessToken')).toBe(before);

    failing.clear();
    const retry = await app.startSignIn();
    const tokens = await app.finishSignIn((await browser.follow(retry.url, 'https://app.example')).location!, retry);
    expect(tokens.access_token).toBeTruthy();
  });

  it('gives no authorization code that was not saved: the browser sees an error, not the app', async () => {
    const pending = await app.startSignIn();
    const before = await realStore.oidc.count('AuthorizationCode');
    failing.add('AuthorizationCode');
    const hop = await browser.follow(pending.url, 'https://app.example');
    expect(hop.location ?? '').not.toMatch(/code=/);
    expect(await realStore.oidc.count('AuthorizationCode')).toBe(before);
  });

  it('answers a sign-in step that cannot save with a clean 503 "try again", then works again', async () => {
    const fresh = new BrowserSession(provider.origin);
    const base = await openInteraction(fresh, (await app.startSignIn()).url);
    failing.add('Ceremony');
    const refused = await fresh.postJson(`${base}/passkey/options`, {});
    expect(refused.status).toBe(503);
    expect(refused.json).toEqual({ error: 'store_unavailable', message: expect.stringMatching(/try again/), requestId: expect.any(String) });
    const page = await fresh.get(`${base}/signup`, { Accept: 'text/html' });
    expect(page.status).toBe(200);
    failing.clear();
    expect((await fresh.postJson(`${base}/passkey/options`, {})).status).toBe(200);
  });
});
