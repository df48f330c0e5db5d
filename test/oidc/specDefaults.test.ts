/**
 * The defaults relying-party libraries expect of a generic OpenID Connect provider, with
 * openid-client as the app: scope claims in the ID token, PKCE as each app is registered for,
 * refresh tokens for offline_access without prompt=consent, consent remembered per person and app.
 */
import * as oidc from 'openid-client';

import { CONSENT_MODEL } from '../../src/access/rememberedConsents.js';
import { BrowserSession } from '../support/browserSession.js';
import { continueToApp, signIn, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('defaults that match the specs', () => {
  let provider: TestProvider;
  let firstParty: RelyingApp;
  const authenticator = new SoftAuthenticator();
  let sub: string;

  beforeAll(async () => {
    provider = await startTestProvider();
    firstParty = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    const pending = await firstParty.startSignIn();
    const tokens = await firstParty.finishSignIn((await signUp(provider, new BrowserSession(provider.origin), authenticator, pending.url, 'spec@example.com')).location!, pending);
    sub = tokens.claims()!.sub;
  });
  afterAll(() => provider.close());

  /** A fresh browser that signs in to `app` with the person's passkey and comes back with tokens. */
  async function signInFresh(app: RelyingApp, parameters: Record<string, string> = {}) {
    const browser = new BrowserSession(provider.origin);
    const pending = await app.startSignIn(parameters);
    const callback = await signIn(provider, browser, authenticator, pending.url);
    return { browser, tokens: await app.finishSignIn(callback.location!, pending) };
  }

  /** Follows an authorization request in a signed-in browser; says whether the consent page was shown. */
  async function authorize(app: RelyingApp, browser: BrowserSession, parameters: Record<string, string> = {}) {
    const pending = await app.startSignIn(parameters);
    const first = await browser.follow(pending.url, 'https://app.example');
    const consentShown = !first.location?.startsWith('https://app.example');
    const consentPage = consentShown ? first.body : null;
    const callback = consentShown ? await continueToApp(browser, pending.url) : first;
    return { consentShown, consentPage, tokens: await app.finishSignIn(callback.location!, pending) };
  }

  describe('claims', () => {
    it('puts the claims of the requested scopes in the ID token as well as userinfo', async () => {
      const { tokens } = await signInFresh(firstParty, { scope: 'openid email profile' });
      expect(tokens.claims()).toMatchObject({ sub, email: 'spec@example.com', email_verified: true, name: 'Ada Lovelace' });
      expect(await firstParty.userinfo(tokens.access_token, sub)).toMatchObject({ email: 'spec@example.com', name: 'Ada Lovelace' });
    });

    it('puts only the claims of the scopes asked for', async () => {
      const { tokens } = await signInFresh(firstParty, { scope: 'openid email' });
      expect(tokens.claims()).toMatchObject({ email: 'spec@example.com' });
      expect(tokens.claims()).not.toHaveProperty('name');
    });

    it('keeps them to userinfo for an app that opted out', async () => {
      const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { idTokenScopeClaims: false }));
      const { tokens } = await signInFresh(app, { scope: 'openid email profile' });
      expect(tokens.claims()).not.toHaveProperty('email');
      expect(tokens.claims()).not.toHaveProperty('name');
      expect(await app.userinfo(tokens.access_token, sub)).toMatchObject({ email: 'spec@example.com', name: 'Ada Lovelace' });
    });
  });

  describe('PKCE', () => {
    it('refuses a confidential app that omits PKCE by default, and logs the app and the fix', async () => {
      const client = await registerClient(provider.store, { name: 'Strict App' });
      const app = await RelyingApp.discover(provider.issuer, client);
      const browser = new BrowserSession(provider.origin);
      await signIn(provider, browser, authenticator, (await firstParty.startSignIn()).url);

      const refused = await browser.get((await app.startSignIn({}, { pkce: false })).url);

      expect(new URL(refused.location!).searchParams.get('error')).toBe('invalid_request');
      const line = provider.log.lines.find((l) => l.event === 'oidc.pkce_missing' && l.client_id === client.clientId);
      expect(line).toMatchObject({ client_name: 'Strict App', refused: true });
      expect(line!.fix).toContain(`idp clients update ${client.clientId} --pkce optional`);
    });

    it('lets a confidential app registered with PKCE optional sign in without it, and logs how to turn it back on', async () => {
      const client = await registerClient(provider.store, { name: 'Legacy App', pkce: 'optional' });
      const app = await RelyingApp.discover(provider.issuer, client);
      const browser = new BrowserSession(provider.origin);
      const pending = await app.startSignIn({}, { pkce: false });
      expect(new URL(pending.url).searchParams.has('code_challenge')).toBe(false);

      const tokens = await app.finishSignIn((await signIn(provider, browser, authenticator, pending.url)).location!, pending);

      expect(tokens.claims()!.sub).toBe(sub);
      const line = provider.log.lines.find((l) => l.event === 'oidc.pkce_missing' && l.client_id === client.clientId);
      expect(line).toMatchObject({ refused: false });
      expect(line!.fix).toContain('--pkce required');
    });

    it('still checks the verifier of an app with PKCE optional that sends a challenge', async () => {
      const client = await registerClient(provider.store, { pkce: 'optional' });
      const app = await RelyingApp.discover(provider.issuer, client);
      const browser = new BrowserSession(provider.origin);
      const pending = await app.startSignIn();
      const callback = await signIn(provider, browser, authenticator, pending.url);

      await expect(app.finishSignIn(callback.location!, { ...pending, verifier: oidc.randomPKCECodeVerifier() })).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('always requires PKCE of a public app, whatever its record says', async () => {
      const client = await registerClient(provider.store, { isPublic: true, extra: { pkce: 'optional' } });
      const app = await RelyingApp.discover(provider.issuer, client);
      const refused = await new BrowserSession(provider.origin).get((await app.startSignIn({}, { pkce: false })).url);
      // The record is refused by the client schema: the request never reaches the app's redirect URI.
      expect(refused.location ?? '').not.toMatch(/code=/);
    });
  });

  describe('offline_access and consent', () => {
    it('gives a first-party app a refresh token for offline_access without prompt=consent or a consent page', async () => {
      const browser = new BrowserSession(provider.origin);
      await signIn(provider, browser, authenticator, (await firstParty.startSignIn()).url);
      const { consentShown, tokens } = await authorize(firstParty, browser, { scope: 'openid offline_access' });
      expect(consentShown).toBe(false);
      expect(tokens.refresh_token).toBeTruthy();
      expect((await firstParty.refresh(tokens.refresh_token!)).access_token).toBeTruthy();
    });

    it('asks once for offline_access, then gives refresh tokens without prompt=consent, in any browser, until revoked', async () => {
      const client = await registerClient(provider.store, { firstParty: false, name: 'Proxy' });
      const app = await RelyingApp.discover(provider.issuer, client);

      const first = new BrowserSession(provider.origin);
      await signIn(provider, first, authenticator, (await firstParty.startSignIn()).url);
      const asked = await authorize(app, first, { scope: 'openid email offline_access' });
      expect(asked.consentShown).toBe(true);
      expect(asked.consentPage).toContain('Stay connected while you are away');
      expect(asked.tokens.refresh_token).toBeTruthy();

      // Another browser: the person allowed this app before, so no consent page and a refresh token.
      const second = new BrowserSession(provider.origin);
      await signIn(provider, second, authenticator, (await firstParty.startSignIn()).url);
      const remembered = await authorize(app, second, { scope: 'openid email offline_access' });
      expect(remembered.consentShown).toBe(false);
      expect(remembered.tokens.refresh_token).toBeTruthy();

      // More than was allowed asks again, for the new scope only.
      const wider = await authorize(app, second, { scope: 'openid email profile offline_access' });
      expect(wider.consentShown).toBe(true);
      expect(wider.consentPage).toContain('See your name');
      expect(wider.consentPage).not.toContain('Stay connected');

      // Revoked on the account page: asked again, in any browser.
      const revoked = await second.postJson('/account/apps/revoke', { clientId: client.clientId });
      expect(revoked.status).toBe(200);
      expect(await provider.store.oidc.list(CONSENT_MODEL, { accountId: sub })).not.toContainEqual(
        expect.objectContaining({ payload: expect.objectContaining({ clientId: client.clientId }) }),
      );
      const third = new BrowserSession(provider.origin);
      await signIn(provider, third, authenticator, (await firstParty.startSignIn()).url);
      expect((await authorize(app, third, { scope: 'openid email' })).consentShown).toBe(true);
    });

    it('remembers consent across a sign-out of the browser session', async () => {
      const client = await registerClient(provider.store, { firstParty: false, name: 'Notes' });
      const app = await RelyingApp.discover(provider.issuer, client);
      const browser = new BrowserSession(provider.origin);
      await signIn(provider, browser, authenticator, (await firstParty.startSignIn()).url);
      const { tokens } = await authorize(app, browser, { scope: 'openid email' });

      const logoutPage = await browser.get(app.endSessionUrl(tokens.id_token!));
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(logoutPage.body)?.[1];
      if (xsrf) await browser.postForm('/session/end/confirm', { xsrf, logout: 'yes' });
      expect(new URL((await browser.follow((await app.startSignIn({ prompt: 'none' })).url, 'https://app.example')).location!).searchParams.get('error')).toBe('login_required');

      await signIn(provider, browser, authenticator, (await firstParty.startSignIn()).url);
      expect((await authorize(app, browser, { scope: 'openid email' })).consentShown).toBe(false);
    });

    it('lists an app the person allowed on the account page after the session it signed in through has ended', async () => {
      const client = await registerClient(provider.store, { firstParty: false, name: 'Calendar' });
      const app = await RelyingApp.discover(provider.issuer, client);
      const browser = new BrowserSession(provider.origin);
      await signIn(provider, browser, authenticator, (await firstParty.startSignIn()).url);
      const { tokens } = await authorize(app, browser, { scope: 'openid email' });
      await browser.get(app.endSessionUrl(tokens.id_token!));

      const other = new BrowserSession(provider.origin);
      await signIn(provider, other, authenticator, (await firstParty.startSignIn()).url);
      const page = await other.get('/account');
      expect(page.body).toContain('>Calendar</h3>');
      expect((await other.postJson('/account/apps/revoke', { clientId: client.clientId })).status).toBe(200);
      expect((await other.get('/account')).body).not.toContain('>Calendar</h3>');
    });

    it('issues no refresh token to an app not allowed the refresh grant', async () => {
      const client = await registerClient(provider.store, { extra: { grant_types: ['authorization_code'] } });
      const app = await RelyingApp.discover(provider.issuer, client);
      const { tokens } = await signInFresh(app, { scope: 'openid offline_access' });
      expect(tokens.refresh_token).toBeUndefined();
    });

    it('keeps one remembered consent per person and app', async () => {
      const records = await provider.store.oidc.list(CONSENT_MODEL, { accountId: sub });
      const ids = records.map((record) => record.payload.clientId);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});
