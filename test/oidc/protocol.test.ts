/**
 * The OpenID Connect section of the security checklist, through the real provider and
 * openid-client playing the app (RFC 9700, OWASP ASVS 10.4).
 */
import * as oidc from 'openid-client';

import { BrowserSession } from '../support/browserSession.js';
import { continueToApp, openInteraction, signIn, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('OpenID Connect protocol rules', () => {
  let provider: TestProvider;
  let client: RegisteredClient;
  let app: RelyingApp;
  const authenticator = new SoftAuthenticator();
  let browser: BrowserSession;

  beforeAll(async () => {
    provider = await startTestProvider();
    client = await registerClient(provider.store);
    app = await RelyingApp.discover(provider.issuer, client);
    browser = new BrowserSession(provider.origin);
    const pending = await app.startSignIn();
    await app.finishSignIn((await signUp(provider, browser, authenticator, pending.url, 'proto@example.com')).location!, pending);
  });
  afterAll(() => provider.close());

  async function authorize(parameters: Record<string, string> = {}) {
    // offline_access needs prompt=consent (OpenID Connect Core §11); a first-party app's consent
    // page is then shown once, since the person asked to be asked.
    const pending = await app.startSignIn({ scope: 'openid email offline_access', prompt: 'consent', ...parameters });
    const hop = await continueToApp(browser, pending.url);
    return { pending, hop };
  }

  async function tokenRequest(body: Record<string, string>) {
    const response = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret!)}`).toString('base64')}`,
      },
      body: new URLSearchParams(body),
    });
    return { status: response.status, json: await response.json() as Record<string, string> };
  }

  async function introspect(token: string) {
    return (await tokenRequestTo('/token/introspection', { token })).json;
  }

  async function tokenRequestTo(path: string, body: Record<string, string>) {
    const response = await fetch(`${provider.issuer}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams(body),
    });
    return { status: response.status, json: await response.json() as Record<string, unknown> };
  }

  it('returns iss in the authorization response (mix-up defence)', async () => {
    const { hop } = await authorize();
    expect(new URL(hop.location!).searchParams.get('iss')).toBe(provider.issuer);
  });

  it('refuses a reused authorization code with invalid_grant and revokes what the first use issued', async () => {
    const { pending, hop } = await authorize();
    const code = new URL(hop.location!).searchParams.get('code')!;
    const first = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: pending.verifier });
    expect(first.status).toBe(200);
    expect((await introspect(first.json.access_token)).active).toBe(true);

    const second = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: pending.verifier });
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    expect((await introspect(first.json.access_token)).active).toBe(false);
    expect((await introspect(first.json.refresh_token)).active).toBe(false);
  });

  it('lets only one of two concurrent redemptions of one code get tokens', async () => {
    const { pending, hop } = await authorize();
    const code = new URL(hop.location!).searchParams.get('code')!;
    const body = { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: pending.verifier };
    const results = await Promise.all([tokenRequest(body), tokenRequest(body), tokenRequest(body)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('refuses a code redeemed with the wrong PKCE verifier', async () => {
    const { hop } = await authorize();
    const code = new URL(hop.location!).searchParams.get('code')!;
    const result = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: oidc.randomPKCECodeVerifier() });
    expect(result.json.error).toBe('invalid_grant');
  });

  it('refuses an authorization request without PKCE, and PKCE method plain', async () => {
    const pending = await app.startSignIn();
    const withoutPkce = new URL(pending.url);
    withoutPkce.searchParams.delete('code_challenge');
    withoutPkce.searchParams.delete('code_challenge_method');
    const refused = await browser.get(withoutPkce.href);
    expect(refused.status).toBe(303);
    expect(new URL(refused.location!).searchParams.get('error')).toBe('invalid_request');
    expect(new URL(refused.location!).searchParams.get('error_description')).toMatch(/PKCE/);

    const plain = new URL(pending.url);
    plain.searchParams.set('code_challenge_method', 'plain');
    plain.searchParams.set('code_challenge', oidc.randomPKCECodeVerifier());
    const plainRefused = await browser.get(plain.href);
    expect(new URL(plainRefused.location!).searchParams.get('error')).toBe('invalid_request');
  });

  it('never redirects to a redirect_uri that differs in any way from the registered one', async () => {
    const variants = [
      'https://app.example/callback?extra=1',
      'https://app.example/Callback',
      'https://app.example/callback/..;/',
      'https://app.example/callback/../callback',
      'https://app.example@evil.example/callback',
      'https://good@app.example/callback',
      'https://app.example/%63allback',
      'https://app.example/callback%2F',
      'https://app.example/callback#fragment',
      'https://app.example/callback/',
      'http://app.example/callback',
      'https://app.example.evil.example/callback',
      'https://evil.example/callback',
    ];
    for (const redirectUri of variants) {
      const pending = await app.startSignIn({ redirect_uri: redirectUri });
      const hop = await browser.get(pending.url);
      expect({ redirectUri, status: hop.status, location: hop.location }).toEqual({ redirectUri, status: 400, location: null });
      expect(hop.body).toContain('redirect_uri');
      expect(hop.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('rotates refresh tokens and refuses a replayed one', async () => {
    const { pending, hop } = await authorize({ scope: 'openid offline_access' });
    const tokens = await app.finishSignIn(hop.location!, pending);
    const firstRefresh = tokens.refresh_token!;
    expect(firstRefresh).toBeTruthy();
    const rotated = await app.refresh(firstRefresh);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(firstRefresh);

    const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: firstRefresh });
    expect(replay.status).toBe(400);
    expect(replay.json.error).toBe('invalid_grant');
    // The replay revokes the whole grant: the rotated token stops working too.
    const afterReplay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token! });
    expect(afterReplay.json.error).toBe('invalid_grant');
  });

  it('issues no refresh token without offline_access', async () => {
    const pending = await app.startSignIn({ scope: 'openid email' });
    const tokens = await app.finishSignIn((await browser.follow(pending.url, 'https://app.example')).location!, pending);
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('ends the session at RP-initiated logout: prompt=none then answers login_required', async () => {
    const own = new BrowserSession(provider.origin);
    const pending = await app.startSignIn();
    const tokens = await app.finishSignIn((await signIn(provider, own, authenticator, pending.url)).location!, pending);

    const silent = await app.startSignIn({ prompt: 'none' });
    const before = await own.follow(silent.url, 'https://app.example');
    expect(new URL(before.location!).searchParams.get('code')).toBeTruthy();

    // A valid id_token_hint for the signed-in person: no confirmation page (test/oidc/logout.test.ts).
    const loggedOut = await own.get(app.endSessionUrl(tokens.id_token!));
    expect(loggedOut.status).toBe(303);
    expect(loggedOut.location).toBe(client.postLogoutRedirectUri);

    const after = await own.follow((await app.startSignIn({ prompt: 'none' })).url, 'https://app.example');
    expect(new URL(after.location!).searchParams.get('error')).toBe('login_required');
  });

  it('never redirects after logout with an altered id_token_hint or an unregistered post_logout_redirect_uri', async () => {
    const own = new BrowserSession(provider.origin);
    const pending = await app.startSignIn();
    const tokens = await app.finishSignIn((await signIn(provider, own, authenticator, pending.url)).location!, pending);
    const [header, payload, signature] = tokens.id_token!.split('.');
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString());
    altered.sub = 'someone-else';
    const badHints = [`${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`, `${header}.${payload}.${signature.slice(0, -4)}AAAA`];
    for (const hint of badHints) {
      const hop = await own.get(`/session/end?${new URLSearchParams({ id_token_hint: hint, post_logout_redirect_uri: client.postLogoutRedirectUri! })}`);
      expect(hop.status).toBe(400);
      expect(hop.location).toBeNull();
    }
    const unregistered = await own.get(`/session/end?${new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' })}`);
    expect(unregistered.status).toBe(400);
    expect(unregistered.location).toBeNull();
  });

  it('asks a third-party app for consent once per scope set; a first-party app never', async () => {
    const thirdParty = await registerClient(provider.store, { firstParty: false, name: 'Third Party' });
    const other = await RelyingApp.discover(provider.issuer, thirdParty);
    const own = new BrowserSession(provider.origin);
    await signIn(provider, own, authenticator, (await app.startSignIn()).url);

    const first = await own.follow((await other.startSignIn({ scope: 'openid email' })).url, 'https://app.example');
    expect(first.body).toContain('Allow Third Party?');
    const uid = /\/interaction\/([A-Za-z0-9_-]+)/.exec(first.url)![1];
    const allowed = await own.postForm(`/interaction/${uid}/consent`, {});
    expect((await own.follow(allowed.location!, 'https://app.example')).location).toMatch(/^https:\/\/app\.example\/callback\?code=/);

    const again = await own.follow((await other.startSignIn({ scope: 'openid email' })).url, 'https://app.example');
    expect(again.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);

    const wider = await own.follow((await other.startSignIn({ scope: 'openid email profile' })).url, 'https://app.example');
    expect(wider.body).toContain('See your name');

    const firstParty = await own.follow((await app.startSignIn({ scope: 'openid email profile offline_access' })).url, 'https://app.example');
    expect(firstParty.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);
  });

  it('writes a first-party grant once per scope set, not at every sign-in of the same session', async () => {
    const own = new BrowserSession(provider.origin);
    await signIn(provider, own, authenticator, (await app.startSignIn({ scope: 'openid' })).url);
    const writes: string[] = [];
    const upsert = provider.store.oidc.upsert.bind(provider.store.oidc);
    provider.store.oidc.upsert = async (model, ...rest) => {
      writes.push(model);
      return upsert(model, ...rest);
    };
    try {
      const again = await own.follow((await app.startSignIn({ scope: 'openid' })).url, 'https://app.example');
      expect(again.location).toMatch(/code=/);
      expect(writes.filter((model) => model === 'Grant')).toEqual([]);
      const wider = await own.follow((await app.startSignIn({ scope: 'openid email' })).url, 'https://app.example');
      expect(wider.location).toMatch(/code=/);
      expect(writes.filter((model) => model === 'Grant')).toEqual(['Grant']);
    } finally {
      provider.store.oidc.upsert = upsert;
    }
  });

  it('sends the person back to the app with access_denied when they cancel', async () => {
    const own = new BrowserSession(provider.origin);
    const pending = await app.startSignIn();
    const base = await openInteraction(own, pending.url);
    const cancelled = await own.postForm(`${base}/abort`, {});
    const back = await own.follow(cancelled.location!, 'https://app.example');
    expect(new URL(back.location!).searchParams.get('error')).toBe('access_denied');
  });
});
