/**
 * One client address cannot make the provider store sign-ins and passkey challenges without end:
 * authorization requests (each stores an interaction) are limited per address, and passkey
 * ceremonies started per address and per interaction. Of 50 concurrent attempts past a limit exactly
 * the limit get through (the count is the store's, on both engines), the rest get 429 with
 * Retry-After and store nothing; another address is not affected; 0 turns a limit off.
 * Each test is its own client address (X-Forwarded-For, believed with TRUST_PROXY=1).
 */
import { loadSettings, type Settings } from '../../src/config/settings.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, signIn, signUp } from '../support/journeys.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const LIMITS: Partial<Settings> = { trustProxy: 1, interactionsPerIp: 10, ceremoniesPerIp: 15, ceremoniesPerInteraction: 5 };

/** Sends the app's authorization request as a browser at `clientIp` would, without following it. */
async function authorize(provider: TestProvider, app: RelyingApp, clientIp: string) {
  const { url } = await app.startSignIn();
  const response = await fetch(url.replace(provider.issuer, provider.origin), {
    headers: { 'X-Forwarded-For': clientIp, Accept: 'text/html' }, redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

function defineSuite(openEngineStore: () => Promise<{ store: Store; databaseUrl: string }>) {
  let provider: TestProvider;
  let app: RelyingApp;
  let store: Store;

  beforeAll(async () => {
    const opened = await openEngineStore();
    store = opened.store;
    provider = await startTestProvider({ store, settings: { databaseUrl: opened.databaseUrl, ...LIMITS } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  }, 120_000);
  afterAll(async () => {
    await provider?.close();
    await store?.close();
  });

  it('lets exactly INTERACTIONS_PER_IP of 50 concurrent authorization requests from one address start a sign-in', async () => {
    const before = await store.oidc.count('Interaction');
    const answers = await Promise.all(Array.from({ length: 50 }, () => authorize(provider, app, '203.0.113.10')));
    const statuses = answers.map((answer) => answer.status);
    expect(count(statuses, 303)).toBe(10);
    expect(count(statuses, 429)).toBe(40);
    expect(answers.filter((a) => a.status === 303).every((a) => /\/interaction\/[\w-]+$/.test(a.location ?? ''))).toBe(true);
    // Nothing was stored for the refused ones.
    expect(await store.oidc.count('Interaction')).toBe(before + 10);
    // The refusal is the styled page, saying when to come back.
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.retryAfter).toBe('600');
    expect(refused.body).toContain('<html');
    expect(refused.body).toContain('Too many attempts');
  }, 120_000);

  it('lets another address sign up and sign in while one is refused', async () => {
    const other = '203.0.113.11';
    const browser = new BrowserSession(provider.origin, { clientIp: other });
    const authenticator = new SoftAuthenticator();
    const signedUp = await signUp(provider, browser, authenticator, (await app.startSignIn()).url, 'within@example.com');
    expect(signedUp.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);
    const signedIn = await signIn(provider, new BrowserSession(provider.origin, { clientIp: other }), authenticator, (await app.startSignIn()).url);
    expect(signedIn.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);
    expect((await authorize(provider, app, '203.0.113.10')).status).toBe(429);
  }, 120_000);

  it('counts a single sign-on that needs no page after it is answered, and past the limit replaces its answer with the same page', async () => {
    const browser = new BrowserSession(provider.origin, { clientIp: '203.0.113.12' });
    // The sign-up's authorization request is the first of the address's 10.
    await signUp(provider, browser, new SoftAuthenticator(), (await app.startSignIn()).url, 'sso@example.com');
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await browser.get((await app.startSignIn()).url));
    expect(answers.slice(0, 9).every((a) => a.status === 303 && /^https:\/\/app\.example\/callback\?code=/.test(a.location ?? ''))).toBe(true);
    for (const refused of answers.slice(9)) {
      expect(refused.status).toBe(429);
      expect(refused.location).toBeNull();
      expect(refused.headers.get('retry-after')).toBe('600');
      expect(refused.body).toContain('Too many attempts');
    }
  }, 120_000);

  it('lets exactly CEREMONIES_PER_IP of 50 concurrent passkey ceremonies start from one address', async () => {
    const browser = new BrowserSession(provider.origin, { clientIp: '203.0.113.20' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => browser.postJson('/account/sign-in/options', {})));
    const statuses = answers.map((answer) => answer.status);
    expect(count(statuses, 200)).toBe(15);
    expect(count(statuses, 429)).toBe(35);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.json.error).toBe('rate_limited');
    expect(refused.headers.get('retry-after')).toBe('300');
    // Another address still starts one.
    expect((await new BrowserSession(provider.origin, { clientIp: '203.0.113.21' }).postJson('/account/sign-in/options', {})).status).toBe(200);
  }, 120_000);

  it('lets exactly CEREMONIES_PER_INTERACTION of 50 concurrent passkey ceremonies start in one sign-in', async () => {
    const browser = new BrowserSession(provider.origin, { clientIp: '203.0.113.30' });
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const answers = await Promise.all(Array.from({ length: 50 }, () => browser.postJson(`${base}/passkey/options`, {})));
    const statuses = answers.map((answer) => answer.status);
    expect(count(statuses, 200)).toBe(5);
    expect(count(statuses, 429)).toBe(45);
    expect(answers.find((a) => a.status === 429)!.headers.get('retry-after')).toBe('3600');
    // Refused by the sign-in's own limit, those did not count against the address: in another sign-in it starts one.
    const next = await openInteraction(browser, (await app.startSignIn()).url);
    expect((await browser.postJson(`${next}/passkey/options`, {})).status).toBe(200);
  }, 120_000);
}

describe('limits on sign-ins and ceremonies started [sqlite]', () => {
  defineSuite(async () => ({ store: await openStore('sqlite::memory:'), databaseUrl: 'sqlite::memory:' }));

  it('has no limit where a setting is 0', async () => {
    const provider = await startTestProvider({ settings: { trustProxy: 1, interactionsPerIp: 0, ceremoniesPerIp: 0, ceremoniesPerInteraction: 0 } });
    try {
      const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
      const authorizations = await Promise.all(Array.from({ length: 50 }, () => authorize(provider, app, '203.0.113.40')));
      expect(authorizations.every((a) => a.status === 303)).toBe(true);
      const browser = new BrowserSession(provider.origin, { clientIp: '203.0.113.40' });
      const base = await openInteraction(browser, (await app.startSignIn()).url);
      const ceremonies = await Promise.all(Array.from({ length: 50 }, () => browser.postJson(`${base}/passkey/options`, {})));
      expect(ceremonies.every((c) => c.status === 200)).toBe(true);
    } finally {
      await provider.close();
    }
  }, 120_000);

  it('applies the defaults when the settings are absent: 600 sign-ins started per address in 10 minutes', async () => {
    const provider = await startTestProvider({ settings: { trustProxy: 1, interactionsPerIp: undefined } });
    try {
      const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
      // Fill the window the way a flood would, then one more request is refused.
      for (let i = 0; i < 600; i++) await provider.store.rateLimits.hit('interactions:203.0.113.50', 600);
      expect((await authorize(provider, app, '203.0.113.50')).status).toBe(429);
      expect((await authorize(provider, app, '203.0.113.51')).status).toBe(303);
    } finally {
      await provider.close();
    }
  }, 120_000);
});

describe('the limit settings', () => {
  it('default to 600 sign-ins per address, 100 ceremonies per address and 20 per sign-in, and take 0 for none', () => {
    expect(loadSettings({ PORT: '3000' })).toMatchObject({ interactionsPerIp: 600, ceremoniesPerIp: 100, ceremoniesPerInteraction: 20 });
    expect(loadSettings({ INTERACTIONS_PER_IP: '0', CEREMONIES_PER_IP: '0', CEREMONIES_PER_INTERACTION: '0' }))
      .toMatchObject({ interactionsPerIp: 0, ceremoniesPerIp: 0, ceremoniesPerInteraction: 0 });
  });
  it.each(['-1', '1.5', 'many'])('refuses %s, naming the setting', (value) => {
    expect(() => loadSettings({ INTERACTIONS_PER_IP: value })).toThrow(/INTERACTIONS_PER_IP/);
  });
});

describeWithMongo('limits on sign-ins and ceremonies started', (server) => {
  defineSuite(async () => {
    const databaseUrl = server().databaseUrl('startlimits');
    return { store: await openStore(databaseUrl), databaseUrl };
  });
});
