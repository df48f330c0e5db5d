/**
 * Signing out reaches every app: RP-initiated logout without a confirmation page when the app
 * proves who is signing out, OpenID Connect Back-Channel Logout 1.0 to every app of the session
 * (checked by a real HTTP receiver that validates each logout token), retries, the logout an app's
 * server sends without a browser, and the refusals in plain words.
 */
import { randomBytes } from 'node:crypto';

import { createApiKey } from '../../src/admin/apiKeys.js';
import { BrowserSession } from '../support/browserSession.js';
import { signIn, signUp } from '../support/journeys.js';
import { LOGOUT_EVENT, LogoutReceiver, verifyLogoutToken } from '../support/logoutReceiver.js';
import { registerClient, RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

describe('logout', () => {
  let provider: TestProvider;
  let receiver: LogoutReceiver;
  const authenticator = new SoftAuthenticator();
  let sub: string;

  async function app(name: string, options: { backchannel?: boolean; firstParty?: boolean } = {}) {
    const client = await registerClient(provider.store, {
      name, firstParty: options.firstParty ?? true, backchannelLogoutUri: options.backchannel === false ? null : receiver.uri(name),
    });
    return { client, rp: await RelyingApp.discover(provider.issuer, client) };
  }

  async function signInTo(browser: BrowserSession, rp: RelyingApp, first = false) {
    const pending = await rp.startSignIn();
    const callback = first ? await signIn(provider, browser, authenticator, pending.url) : await browser.follow(pending.url, 'https://app.example');
    return rp.finishSignIn(callback.location!, pending);
  }

  async function stillSignedIn(browser: BrowserSession, rp: RelyingApp): Promise<boolean> {
    const hop = await browser.follow((await rp.startSignIn({ prompt: 'none' })).url, 'https://app.example');
    const error = new URL(hop.location!).searchParams.get('error');
    if (error && error !== 'login_required') throw new Error(`unexpected ${error}`);
    return !error;
  }

  async function waitForLog(event: string, clientId: string) {
    const deadline = Date.now() + 30_000;
    while (!provider.log.lines.some((l) => l.event === event && l.client_id === clientId)) {
      if (Date.now() > deadline) throw new Error(`no ${event} line for ${clientId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    receiver = await LogoutReceiver.start();
    provider = await startTestProvider({ backchannelRetryDelaysMs: [50, 50, 50] });
    const { rp } = await app('setup', { backchannel: false });
    const pending = await rp.startSignIn();
    const tokens = await rp.finishSignIn((await signUp(provider, new BrowserSession(provider.origin), authenticator, pending.url, 'out@example.com')).location!, pending);
    sub = tokens.claims()!.sub;
  });
  afterAll(async () => {
    await provider.close();
    await receiver.close();
  });

  it('signs the person out of every app of the session at once: a valid logout token to each that registered back-channel logout', async () => {
    const mail = await app('mail');
    const notes = await app('notes');
    const plain = await app('plain', { backchannel: false });
    const browser = new BrowserSession(provider.origin);
    const mailTokens = await signInTo(browser, mail.rp, true);
    const notesTokens = await signInTo(browser, notes.rp);
    await signInTo(browser, plain.rp);

    const url = new URL(mail.rp.endSessionUrl(mailTokens.id_token!));
    url.searchParams.set('state', 'after-logout');
    const hop = await browser.get(url.href);

    // No confirmation page: straight back to the app's registered post-logout URI, with its state.
    expect(hop.status).toBe(303);
    expect(hop.location).toBe(`${mail.client.postLogoutRedirectUri}?state=after-logout`);
    for (const [name, tokens, client] of [['mail', mailTokens, mail.client], ['notes', notesTokens, notes.client]] as const) {
      const [received] = await receiver.waitFor(name, 1);
      const claims = await verifyLogoutToken(received.token, provider.issuer, client.clientId);
      expect(claims).toMatchObject({ sub, sid: claimsOf(tokens.id_token!).sid, events: { [LOGOUT_EVENT]: {} } });
      expect(claims.sid).toEqual(expect.any(String));
    }
    expect(receiver.received.filter((r) => r.app === 'plain')).toEqual([]);
    for (const { rp } of [mail, notes, plain]) expect(await stillSignedIn(browser, rp)).toBe(false);
  });

  it('retries a logout token the app did not accept, with a fresh token, and logs each attempt', async () => {
    const flaky = await app('flaky');
    receiver.answer('flaky', 500, 503);
    const browser = new BrowserSession(provider.origin);
    const tokens = await signInTo(browser, flaky.rp, true);

    await browser.get(flaky.rp.endSessionUrl(tokens.id_token!));

    const attempts = await receiver.waitFor('flaky', 3);
    expect(attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(new Set(attempts.map((a) => claimsOf(a.token).jti)).size).toBe(3);
    await waitForLog('logout.backchannel_sent', flaky.client.clientId);
    const lines = provider.log.lines.filter((l) => String(l.event).startsWith('logout.backchannel') && l.client_id === flaky.client.clientId);
    expect(lines.map((l) => [l.event, l.attempt])).toEqual([
      ['logout.backchannel_failed', 1], ['logout.backchannel_failed', 2], ['logout.backchannel_sent', 3],
    ]);
  });

  it('gives up after the last retry and says so in the log', async () => {
    const down = await app('down');
    receiver.answer('down', 500, 500, 500, 500);
    const browser = new BrowserSession(provider.origin);
    const tokens = await signInTo(browser, down.rp, true);

    await browser.get(down.rp.endSessionUrl(tokens.id_token!));

    await receiver.waitFor('down', 4);
    await waitForLog('logout.backchannel_gave_up', down.client.clientId);
  });

  it('ends the session when the app\'s server sends the logout without the browser, as oauth2-proxy\'s back-end logout does', async () => {
    const proxy = await app('proxy');
    const browser = new BrowserSession(provider.origin);
    const tokens = await signInTo(browser, proxy.rp, true);

    const response = await fetch(proxy.rp.endSessionUrl(tokens.id_token!), { redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(proxy.client.postLogoutRedirectUri);
    expect(await stillSignedIn(browser, proxy.rp)).toBe(false);
    await verifyLogoutToken((await receiver.waitFor('proxy', 1))[0].token, provider.issuer, proxy.client.clientId);
  });

  it('ends only the session the ID token came from: an old ID token cannot end a newer session', async () => {
    const proxy = await app('proxy-old');
    const first = new BrowserSession(provider.origin);
    const oldTokens = await signInTo(first, proxy.rp, true);
    await fetch(proxy.rp.endSessionUrl(oldTokens.id_token!), { redirect: 'manual' });

    const second = new BrowserSession(provider.origin);
    await signInTo(second, proxy.rp, true);
    await fetch(proxy.rp.endSessionUrl(oldTokens.id_token!), { redirect: 'manual' });

    expect(await stillSignedIn(second, proxy.rp)).toBe(true);
  });

  it('ends the session from the app\'s server for an app without back-channel logout too (its ID tokens carry sid as well)', async () => {
    const plain = await app('plain-server', { backchannel: false });
    const browser = new BrowserSession(provider.origin);
    const tokens = await signInTo(browser, plain.rp, true);
    expect(claimsOf(tokens.id_token!).sid).toEqual(expect.any(String));

    const response = await fetch(plain.rp.endSessionUrl(tokens.id_token!), { redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(await stillSignedIn(browser, plain.rp)).toBe(false);
  });

  it('ends only the session the ID token came from when the person signed in twice within the same second, for an app without back-channel logout', async () => {
    // The provider's clock stands still: both sign-ins are at the same second (auth_time).
    const sameSecond = Math.floor(Date.now() / 1000) * 1000 + 500;
    const frozen = await startTestProvider({ now: () => sameSecond });
    try {
      const client = await registerClient(frozen.store, { name: 'same-second', firstParty: true, backchannelLogoutUri: null });
      const rp = await RelyingApp.discover(frozen.issuer, client);
      const passkey = new SoftAuthenticator();
      const [first, second] = [new BrowserSession(frozen.origin), new BrowserSession(frozen.origin)];
      const pendingFirst = await rp.startSignIn();
      const firstTokens = await rp.finishSignIn((await signUp(frozen, first, passkey, pendingFirst.url, 'twice@example.com')).location!, pendingFirst);
      const pendingSecond = await rp.startSignIn();
      const secondTokens = await rp.finishSignIn((await signIn(frozen, second, passkey, pendingSecond.url)).location!, pendingSecond);
      const [firstClaims, secondClaims] = [claimsOf(firstTokens.id_token!), claimsOf(secondTokens.id_token!)];
      expect(firstClaims.auth_time).toBe(secondClaims.auth_time);
      expect(firstClaims.sid).toEqual(expect.any(String));
      expect(secondClaims.sid).toEqual(expect.any(String));
      expect(firstClaims.sid).not.toBe(secondClaims.sid);

      const response = await fetch(rp.endSessionUrl(firstTokens.id_token!), { redirect: 'manual' });

      expect(response.status).toBe(303);
      expect(await stillSignedIn(first, rp)).toBe(false);
      expect(await stillSignedIn(second, rp)).toBe(true);
    } finally {
      await frozen.close();
    }
  });

  it('sends a logout token for each session an administrator ends, by disabling the person or signing them out everywhere', async () => {
    const { key } = await createApiKey({ store: provider.store, now: Date.now, randomBytes }, { name: 'logout test', scope: 'read-write', createdBy: null, expiresIn: '1d' });
    const admin = (method: string, path: string, body?: unknown) => fetch(`${provider.origin}/api/admin/v1${path}`, {
      method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const staff = await app('staff');
    for (const [ending, call] of [['sign-out', (id: string) => admin('DELETE', `/people/${id}/sessions`)], ['disable', (id: string) => admin('PATCH', `/people/${id}`, { disabled: true })]] as const) {
      const browser = new BrowserSession(provider.origin);
      const pending = await staff.rp.startSignIn();
      const tokens = await staff.rp.finishSignIn((await signUp(provider, browser, new SoftAuthenticator(), pending.url, `${ending}@example.com`)).location!, pending);
      const before = receiver.received.filter((r) => r.app === 'staff').length;

      expect((await call(tokens.claims()!.sub)).status).toBe(200);

      const [received] = (await receiver.waitFor('staff', before + 1)).slice(before);
      expect(await verifyLogoutToken(received!.token, provider.issuer, staff.client.clientId)).toMatchObject({ sub: tokens.claims()!.sub, sid: claimsOf(tokens.id_token!).sid });
    }
  });

  it('asks before signing out when the request carries no id_token_hint, or one for somebody else', async () => {
    const notes = await app('ask');
    const browser = new BrowserSession(provider.origin);
    const mine = await signInTo(browser, notes.rp, true);

    const withoutHint = await browser.get(`/session/end?client_id=${encodeURIComponent(notes.client.clientId)}`);
    expect(withoutHint.status).toBe(200);
    expect(withoutHint.body).toContain('Sign out?');

    const someoneElse = new SoftAuthenticator();
    const other = new BrowserSession(provider.origin);
    const pending = await notes.rp.startSignIn();
    const theirs = await notes.rp.finishSignIn((await signUp(provider, other, someoneElse, pending.url, 'other@example.com')).location!, pending);
    const foreign = await browser.get(notes.rp.endSessionUrl(theirs.id_token!));
    expect(foreign.status).toBe(200);
    expect(foreign.body).toContain('Sign out?');
    expect(await stillSignedIn(browser, notes.rp)).toBe(true);
    expect(await stillSignedIn(other, notes.rp)).toBe(true);
    expect(mine.id_token).toBeTruthy();
  });

  it('refuses in plain words, signing nobody out and redirecting nowhere', async () => {
    const notes = await app('refusals');
    const browser = new BrowserSession(provider.origin);
    const tokens = await signInTo(browser, notes.rp, true);

    const unregistered = await browser.get(`/session/end?${new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' })}`);
    expect(unregistered.status).toBe(400);
    expect(unregistered.location).toBeNull();
    expect(unregistered.body).toContain('You are still signed in');
    expect(unregistered.body).toContain('has not registered here');
    expect(unregistered.body).toContain('idp clients update CLIENT_ID --post-logout-redirect-uri URI');

    const [header, , signature] = tokens.id_token!.split('.');
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(tokens.id_token!), sub: 'someone-else' })).toString('base64url')}.${signature}`;
    for (const hint of [altered, 'not-a-jwt']) {
      const refused = await browser.get(`/session/end?${new URLSearchParams({ id_token_hint: hint })}`);
      expect(refused.status).toBe(400);
      expect(refused.location).toBeNull();
      expect(refused.body).toContain('could not be checked');
      // Nor does the request from a server get anywhere with it.
      expect((await fetch(`${provider.issuer}/session/end?${new URLSearchParams({ id_token_hint: hint })}`, { redirect: 'manual' })).status).toBe(400);
    }
    expect(await stillSignedIn(browser, notes.rp)).toBe(true);
    expect(receiver.received.filter((r) => r.app === 'refusals')).toEqual([]);
  });

  it('always asks with LOGOUT_CONFIRMATION=always', async () => {
    const asking = await startTestProvider({ settings: { logoutConfirmation: 'always' } });
    try {
      const client: RegisteredClient = await registerClient(asking.store);
      const rp = await RelyingApp.discover(asking.issuer, client);
      const browser = new BrowserSession(asking.origin);
      const pending = await rp.startSignIn();
      const tokens = await rp.finishSignIn((await signUp(asking, browser, new SoftAuthenticator(), pending.url, 'ask@example.com')).location!, pending);

      const page = await browser.get(rp.endSessionUrl(tokens.id_token!));
      expect(page.status).toBe(200);
      expect(page.body).toContain('Sign out?');
      expect((await fetch(rp.endSessionUrl(tokens.id_token!), { redirect: 'manual' })).status).toBe(200);
    } finally {
      await asking.close();
    }
  });
});
