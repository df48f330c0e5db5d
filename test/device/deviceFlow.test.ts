/**
 * The Device Authorization Grant (RFC 8628) over HTTP: openid-client plays a command-line app that
 * asks for a code and polls the token endpoint, while a browser session (software authenticator)
 * enters the code at /device and signs in with a passkey. The journey in a real Chromium is in
 * deviceFlow.chromium.test.ts.
 */
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';

import { registerApp } from '../../src/clients/relyingApps.js';
import { BrowserSession, type Hop } from '../support/browserSession.js';
import { passkeyOptions, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('device sign-in (RFC 8628)', () => {
  let provider: TestProvider;
  const authenticator = new SoftAuthenticator();
  let sub: string;

  beforeAll(async () => {
    // Believes X-Forwarded-For, so that the guess limit can be tried from an address of its own.
    provider = await startTestProvider({ settings: { trustProxy: 1 } });
    const web = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    const pending = await web.startSignIn();
    sub = (await web.finishSignIn((await signUp(provider, new BrowserSession(provider.origin), authenticator, pending.url, 'tv@example.com')).location!, pending)).claims()!.sub;
  });
  afterAll(() => provider.close());

  /** A command-line app registered for the device flow only: public, no redirect URI. */
  async function cliApp(options: { firstParty?: boolean; deviceFlow?: boolean } = {}) {
    const { clientId } = await registerApp(provider.store, {
      name: 'Deploy CLI', redirectUris: options.deviceFlow === false ? ['https://cli.example/cb'] : [], isPublic: true,
      deviceFlow: options.deviceFlow ?? true, firstParty: options.firstParty ?? true,
    }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
    const config = await oidc.discovery(new URL(provider.issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    return { clientId, config };
  }

  /** The form's CSRF token on a /device page. */
  function xsrfOf(hop: Hop): string {
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(hop.body)?.[1];
    if (!xsrf) throw new Error(`no form on the page: ${hop.status} ${hop.body.slice(0, 200)}`);
    return xsrf;
  }

  /** Enters the code at /device and confirms it; returns the hop that leaves for the sign-in page. */
  async function enterCode(browser: BrowserSession, userCode: string): Promise<Hop> {
    const page = await browser.get('/device');
    expect(page.body).toContain('Enter the code your TV, command line or other device shows');
    const confirmPage = await browser.postForm('/device', { xsrf: xsrfOf(page), user_code: userCode.toLowerCase().replace('-', '') });
    expect(confirmPage.body).toContain('Sign in to Deploy CLI?');
    expect(confirmPage.body).toContain(userCode);
    return browser.postForm('/device', { xsrf: xsrfOf(confirmPage), user_code: userCode, confirm: 'yes' });
  }

  /** Signs in with the passkey on the interaction page the confirmation led to; returns the last page. */
  async function signInWithPasskey(browser: BrowserSession, confirmed: Hop): Promise<Hop> {
    const signInPage = await browser.follow(confirmed.location!);
    const uid = /\/interaction\/([A-Za-z0-9_-]+)/.exec(signInPage.url)![1];
    const options = await passkeyOptions(browser, `/interaction/${uid}`);
    const verified = await browser.postJson(`/interaction/${uid}/passkey/verify`, { response: authenticator.getAssertion(options, { origin: provider.origin }) });
    expect(verified.status).toBe(200);
    return browser.follow(verified.json.redirectTo);
  }

  it('signs the person in on the device while it polls the token endpoint: ID token, access and refresh token', async () => {
    const { config } = await cliApp();
    const started = await oidc.initiateDeviceAuthorization(config, { scope: 'openid email offline_access' });
    expect(started.verification_uri).toBe(`${provider.issuer}/device`);
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);

    const browser = new BrowserSession(provider.origin);
    const done = await signInWithPasskey(browser, await enterCode(browser, started.user_code));
    expect(done.body).toContain('You are signed in on your device');

    const tokens = await polling;
    expect(tokens.claims()).toMatchObject({ sub, email: 'tv@example.com' });
    expect(tokens.refresh_token).toBeTruthy();
    expect((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toBeTruthy();
  }, 120_000);

  it('asks a third-party app for consent on the phone before the device gets anything', async () => {
    const { config } = await cliApp({ firstParty: false });
    const started = await oidc.initiateDeviceAuthorization(config, { scope: 'openid email' });
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);

    const browser = new BrowserSession(provider.origin);
    const consent = await signInWithPasskey(browser, await enterCode(browser, started.user_code));
    expect(consent.body).toContain('Allow Deploy CLI?');
    const uid = /\/interaction\/([A-Za-z0-9_-]+)/.exec(consent.url)![1];
    const allowed = await browser.postForm(`/interaction/${uid}/consent`, {});
    expect((await browser.follow(allowed.location!)).body).toContain('You are signed in on your device');

    expect((await polling).claims()!.sub).toBe(sub);
  }, 120_000);

  it('tells the device access_denied when the person cancels on the confirmation page', async () => {
    const { config } = await cliApp();
    const started = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);

    const browser = new BrowserSession(provider.origin);
    const page = await browser.get('/device');
    const confirmPage = await browser.postForm('/device', { xsrf: xsrfOf(page), user_code: started.user_code });
    const cancelled = await browser.postForm('/device', { xsrf: xsrfOf(confirmPage), user_code: started.user_code, abort: 'yes' });

    expect(cancelled.body).toContain('The sign-in was cancelled');
    await expect(polling).rejects.toMatchObject({ error: 'access_denied' });
  }, 120_000);

  it('says in plain words when a code is wrong, and keeps what was typed', async () => {
    const browser = new BrowserSession(provider.origin);
    const page = await browser.get('/device');
    const wrong = await browser.postForm('/device', { xsrf: xsrfOf(page), user_code: 'BCDF-GHJK' });
    expect(wrong.body).toContain('That code is not right');
    expect(wrong.body).toContain('value="BCDF-GHJK"');
  });

  it('limits code guesses per client address', async () => {
    const guesser = new BrowserSession(provider.origin, { clientIp: '192.0.2.7' });
    let page = await guesser.get('/device');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      page = await guesser.postForm('/device', { xsrf: xsrfOf(page), user_code: 'BCDF-GHJK' });
      statuses.push(page.status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = await guesser.postForm('/device', { xsrf: xsrfOf(page), user_code: 'BCDF-GHJK' });
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('Too many attempts');
    // Another address is not held back by this one's guesses.
    const other = new BrowserSession(provider.origin, { clientIp: '192.0.2.8' });
    expect((await other.postForm('/device', { xsrf: xsrfOf(await other.get('/device')), user_code: 'BCDF-GHJK' })).status).toBe(200);
  });

  it('refuses the device flow to an app not registered for it', async () => {
    const { config } = await cliApp({ deviceFlow: false });
    await expect(oidc.initiateDeviceAuthorization(config, { scope: 'openid' })).rejects.toMatchObject({
      error: 'invalid_request', error_description: expect.stringContaining('device_code is not allowed for this client'),
    });
  });
});
