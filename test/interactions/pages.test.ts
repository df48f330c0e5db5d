/**
 * The provider's own pages and steps: cross-site defence, bad input, headers, cookies and the
 * plain-words answers a person gets when something goes wrong.
 */
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, passkeyOptions, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('interaction pages and steps', () => {
  let provider: TestProvider;
  let app: RelyingApp;
  const authenticator = new SoftAuthenticator();

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    await signUp(provider, new BrowserSession(provider.origin), authenticator, (await app.startSignIn()).url, 'pages@example.com');
  });
  afterAll(() => provider.close());

  async function freshInteraction() {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    return { browser, base, uid: base.split('/').pop()! };
  }

  it('shows a labelled sign-in page with the passkey button and the two links', async () => {
    const { browser, base } = await freshInteraction();
    const page = await browser.get(base);
    expect(page.body).toMatch(/<label for="email">Email<\/label>/);
    expect(page.body).toMatch(/<input id="email" type="email" name="email" autocomplete="username webauthn"/);
    expect(page.body).toContain('>Sign in with a passkey</button>');
    expect(page.body).toContain('>Create an account</a>');
    expect(page.body).toContain('>Lost your passkey?</a>');
    expect(page.body).not.toMatch(/type="password"/);
  });

  it('sends security headers: CSP without inline script, no framing, nosniff, no referrer; no HSTS on http', async () => {
    const { browser, base } = await freshInteraction();
    const page = await browser.get(base);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it('sets HttpOnly SameSite cookies and renews the session id at every sign-in', async () => {
    const browser = new BrowserSession(provider.origin);
    const sessionCookie = async () => {
      const base = await openInteraction(browser, (await app.startSignIn({ prompt: 'login' })).url);
      const options = await passkeyOptions(browser, base);
      const verified = await browser.postJson(`${base}/passkey/verify`, { response: authenticator.getAssertion(options, { origin: provider.origin }) });
      const hop = await browser.get(verified.json.redirectTo);
      const cookies = hop.headers.getSetCookie();
      expect(hop.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);
      return cookies.find((c) => c.startsWith('_session='))!;
    };
    const first = await sessionCookie();
    const second = await sessionCookie();
    for (const cookie of [first, second]) {
      expect(cookie).toMatch(/httponly/i);
      expect(cookie).toMatch(/samesite=lax/i);
    }
    expect(first.split(';')[0]).not.toBe(second.split(';')[0]);
  });

  it.each([
    ['a foreign Origin', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site cross-site with our Origin', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { Origin: 'http://localhost:1', 'Sec-Fetch-Site': 'same-site' }],
  ])('refuses a state-changing POST from %s and changes nothing', async (_name, headers) => {
    const { browser, base, uid } = await freshInteraction();
    const refused = await browser.postJson(`${base}/signup`, { email: 'csrf@example.com' }, headers);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toBe('cross_site_request');
    expect(await provider.store.ceremonies.find(`interaction:${uid}`, 'sign-up-code')).toBeNull();
    expect(provider.mailer.outbox!.list().some((m) => m.to === 'csrf@example.com')).toBe(false);
  });

  it('refuses a POST from a foreign Origin from a browser that sends no Sec-Fetch-Site', async () => {
    const { browser, base } = await freshInteraction();
    const refused = await browser.postJson(`${base}/passkey/options`, {}, { Origin: 'https://evil.example', 'Sec-Fetch-Site': '' });
    expect(refused.status).toBe(403);
  });

  it('accepts a same-origin form POST that carries Origin: null, as browsers send under Referrer-Policy no-referrer', async () => {
    const { browser, base } = await freshInteraction();
    const cancelled = await browser.postForm(`${base}/abort`, {}, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' });
    expect(cancelled.status).toBe(303);
  });

  it('refuses a POST that carries neither Origin nor Sec-Fetch-Site', async () => {
    const { browser, base } = await freshInteraction();
    const refused = await browser.request(`${base}/passkey/options`, {
      method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: '', 'Sec-Fetch-Site': '' },
    });
    expect(refused.status).toBe(403);
  });

  it.each([
    ['malformed JSON', '{"email": ', 'application/json', 400, /malformed JSON/],
    ['a JSON array', '[1,2]', 'application/json', 400, /not an object/],
    ['a wrong type', '{"email": 42}', 'application/json', 400, /"email" must be a string/],
    ['an unknown field', '{"email": "a@example.com", "admin": true}', 'application/json', 400, /unknown field "admin"/],
    ['a missing field', '{}', 'application/json', 400, /missing field "email"/],
    ['an unsupported media type', 'email=a', 'text/plain', 415, /JSON or as a form/],
    ['an oversized body', JSON.stringify({ email: 'a'.repeat(70_000) }), 'application/json', 413, /too large/],
  ])('answers %s with a clear 4xx and no stack trace', async (_name, body, type, status, message) => {
    const { browser, base } = await freshInteraction();
    const hop = await browser.request(`${base}/signup`, { method: 'POST', body, headers: { 'Content-Type': type, Accept: 'application/json' } });
    expect(hop.status).toBe(status);
    expect(hop.json.message).toMatch(message);
    expect(hop.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('explains an expired or unknown interaction on a page, with a way forward', async () => {
    const browser = new BrowserSession(provider.origin);
    const page = await browser.get('/interaction/unknown-uid');
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('This sign-in has expired or was already completed. Go back to the app and start again.');
    expect(page.body).not.toMatch(/SessionNotFound|at .*\.js:\d+/);
  });

  it('refuses, in plain words, a passkey this provider does not know', async () => {
    const { browser, base } = await freshInteraction();
    const stranger = new SoftAuthenticator();
    stranger.createCredential({
      rp: { id: 'localhost', name: 'x' }, user: { id: Buffer.alloc(32).toString('base64url'), name: 'x', displayName: 'x' },
      challenge: Buffer.alloc(32).toString('base64url'), pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    }, { origin: provider.origin });
    const options = await passkeyOptions(browser, base);
    const refused = await browser.postJson(`${base}/passkey/verify`, { response: stranger.getAssertion(options, { origin: provider.origin }) });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: 'unknown_credential', message: expect.stringMatching(/not registered here/) });
  });

  it('refuses an assertion made for the challenge of another sign-in', async () => {
    const a = await freshInteraction();
    const b = await freshInteraction();
    const optionsA = await passkeyOptions(a.browser, a.base);
    await passkeyOptions(b.browser, b.base);
    const refused = await b.browser.postJson(`${b.base}/passkey/verify`, { response: authenticator.getAssertion(optionsA, { origin: provider.origin }) });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('bad_response');
  });

  it('offers email-first sign-in with the passkeys of that address in allowCredentials', async () => {
    const { browser, base } = await freshInteraction();
    const options = await passkeyOptions(browser, base, { email: 'PAGES@example.com' });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual(authenticator.credentials.map((c) => c.id));
    expect(options.userVerification).toBe('required');
    const usernameless = await passkeyOptions(browser, base);
    expect(usernameless.allowCredentials ?? []).toEqual([]);
  });
});
