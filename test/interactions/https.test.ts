/**
 * Behind the TLS-terminating proxy that an https issuer implies: cookies are Secure and pages
 * send HSTS (OWASP ASVS 3.3.1, 3.4.1). The test plays the proxy with X-Forwarded-Proto.
 */
import { calculatePKCECodeChallenge, randomPKCECodeVerifier } from 'openid-client';

import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, proveAddress } from '../support/journeys.js';
import { registerClient } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('an https issuer behind a proxy', () => {
  let provider: TestProvider;
  let browser: BrowserSession;
  let authorizationUrl: string;

  beforeAll(async () => {
    provider = await startTestProvider({ https: true });
    browser = new BrowserSession(`http://localhost:${provider.settings.port}`, { publicOrigin: provider.issuer });
    const client = await registerClient(provider.store);
    const query = new URLSearchParams({
      client_id: client.clientId, response_type: 'code', scope: 'openid email', redirect_uri: client.redirectUri,
      code_challenge: await calculatePKCECodeChallenge(randomPKCECodeVerifier()), code_challenge_method: 'S256', state: 'state-1',
    });
    authorizationUrl = `${provider.issuer}/auth?${query}`;
  });
  afterAll(() => provider.close());

  it('marks every cookie Secure and sends HSTS, from the sign-in page to the signed-in session', async () => {
    const started = await browser.get(authorizationUrl);
    const interactionCookies = started.headers.getSetCookie();
    expect(interactionCookies.length).toBeGreaterThan(0);
    for (const cookie of interactionCookies) expect(cookie).toMatch(/;\s*secure/i);

    const base = await openInteraction(browser, authorizationUrl);
    const page = await browser.get(base);
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');

    const options = await proveAddress(provider, browser, base, 'secure@example.com');
    const created = await browser.postJson(`${base}/signup/passkey`, {
      response: new SoftAuthenticator().createCredential(options, { origin: provider.issuer }),
    });
    expect(created.status).toBe(200);
    const resumed = await browser.get(created.json.redirectTo);
    const session = resumed.headers.getSetCookie().find((cookie) => cookie.startsWith('_session='));
    expect(session).toMatch(/;\s*secure/i);
    expect(session).toMatch(/;\s*httponly/i);
  });
});
