/**
 * The sign-in page carries the passkey options of the ceremony its interaction was created with, so
 * a browser signs in with authorize → page → assertion → code. Every rule of a ceremony still holds
 * (README "Security"): bound to this interaction and to sign-in, 5 minutes, used up by
 * the first answer whether or not it verifies, and of concurrent answers at most one signs in.
 */
import { BrowserSession } from '../support/browserSession.js';
import { continueToApp, openInteraction, pageOptions, passkeyOptions, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('the passkey options a sign-in page carries', () => {
  let provider: TestProvider;
  let app: RelyingApp;
  let time = Date.now();
  const authenticator = new SoftAuthenticator();

  beforeAll(async () => {
    provider = await startTestProvider({ now: () => time });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    await signUp(provider, new BrowserSession(provider.origin), authenticator, (await app.startSignIn()).url, 'ceremony@example.com');
  });
  afterAll(() => provider.close());
  afterEach(() => { time = Date.now(); });

  async function signInPage() {
    const browser = new BrowserSession(provider.origin);
    const pending = await app.startSignIn();
    const base = await openInteraction(browser, pending.url);
    const page = await browser.get(base);
    return { browser, base, page, pending, options: pageOptions(page) };
  }
  const answer = (options: Parameters<SoftAuthenticator['getAssertion']>[0]) => authenticator.getAssertion(options, { origin: provider.origin });

  it('signs in with the options on the page, without asking for options: authorize, page, assertion, code', async () => {
    const { browser, base, page, pending, options } = await signInPage();
    expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'required', allowCredentials: [] });
    expect(Buffer.from(options!.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(options!.timeout).toBeGreaterThan(4 * 60_000);
    expect(page.body).toContain('<script src="/static/js/sign-in.js">');
    const verified = await browser.postJson(`${base}/passkey/verify`, { response: answer(options!) });
    expect(verified.status).toBe(200);
    const callback = await continueToApp(browser, verified.json.redirectTo);
    const tokens = await app.finishSignIn(callback.location!, pending);
    expect(tokens.claims()!.email).toBe('ceremony@example.com');
  });

  it('changes nothing on GET: the page shows the same challenge when loaded again', async () => {
    const { browser, base, options } = await signInPage();
    expect(pageOptions(await browser.get(base))?.challenge).toBe(options!.challenge);
  });

  it('gives every sign-in its own challenge, and refuses an answer to another sign-in’s', async () => {
    const a = await signInPage();
    const b = await signInPage();
    expect(a.options!.challenge).not.toBe(b.options!.challenge);
    const refused = await b.browser.postJson(`${b.base}/passkey/verify`, { response: answer(a.options!) });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('bad_response');
    // The refused answer used b's ceremony up: its own genuine answer comes too late.
    const late = await b.browser.postJson(`${b.base}/passkey/verify`, { response: answer(b.options!) });
    expect(late.json.error).toBe('ceremony_expired');
  });

  it('refuses the same answer sent again after it signed in', async () => {
    const { browser, base, options } = await signInPage();
    const response = answer(options!);
    expect((await browser.postJson(`${base}/passkey/verify`, { response })).status).toBe(200);
    const replayed = await browser.postJson(`${base}/passkey/verify`, { response });
    expect(replayed.status).toBe(400);
    expect(replayed.json.error).toBe('ceremony_expired');
  });

  it('lets the page ask for new options, which replace the ones it came with', async () => {
    const { browser, base, options } = await signInPage();
    const fresh = await passkeyOptions(browser, base);
    expect(fresh.challenge).not.toBe(options!.challenge);
    expect((await browser.postJson(`${base}/passkey/verify`, { response: answer(options!) })).json.error).toBe('bad_response');
    const next = await passkeyOptions(browser, base);
    expect((await browser.postJson(`${base}/passkey/verify`, { response: answer(next) })).status).toBe(200);
  });

  it('refuses the page’s challenge after 5 minutes, and then the page carries none', async () => {
    const { browser, base, options } = await signInPage();
    time += 5 * 60_000;
    const late = await browser.postJson(`${base}/passkey/verify`, { response: answer(options!) });
    expect(late.status).toBe(400);
    expect(late.json.error).toBe('ceremony_expired');
    expect(pageOptions(await browser.get(base))).toBeNull();
    const next = await passkeyOptions(browser, base);
    expect((await browser.postJson(`${base}/passkey/verify`, { response: answer(next) })).status).toBe(200);
  });

  it('signs in at most one of 50 concurrent answers to one challenge', async () => {
    const { browser, base, options } = await signInPage();
    const response = answer(options!);
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => browser.postJson(`${base}/passkey/verify`, { response })));
    expect(outcomes.filter((hop) => hop.status === 200)).toHaveLength(1);
    const refusals = new Set(outcomes.filter((hop) => hop.status !== 200).map((hop) => `${hop.status} ${hop.json.error}`));
    expect([...refusals].every((refusal) => ['400 ceremony_expired', '401 counter_regression'].includes(refusal))).toBe(true);
  });
});
