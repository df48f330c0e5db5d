/**
 * The database goes away under a running provider process and comes back: while it is gone the
 * provider says it is not ready, every step fails closed with a plain answer and nothing is
 * issued; once it is back the same process serves sign-ins again, with nobody restarting it.
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { signInWithPasskey, signUpByMail } from '../support/mailedJourneys.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

/** What a stack trace or a driver error would leave in a page: none of it may reach a person. */
const leaks = /\bat .+:\d+:\d+|Mongo[A-Za-z]*Error|node_modules|ECONNREFUSED|127\.0\.0\.1:\d+/;

describeWithMongo('a provider process when its MongoDB goes away and comes back', (server) => {
  let smtp: SmtpCapture;
  let provider: ServerProcess;
  let store: Store;
  let client: RegisteredClient;
  let app: RelyingApp;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    const databaseUrl = server().databaseUrl('store_outage');
    provider = await startServerProcess({ smtpUrl: smtp.url, env: { DATABASE_URL: databaseUrl } });
    store = await openStore(databaseUrl);
    client = await registerClient(store);
    app = await RelyingApp.discover(provider.issuer, client);
  }, 120_000);

  afterAll(async () => {
    await provider?.stop();
    await store?.close();
    await smtp?.close();
  }, 120_000);

  /** A token request as the app sends it, answered as it is: status and JSON body. */
  async function tokenRequest(parameters: Record<string, string>) {
    const response = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams(parameters),
    });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  }

  async function readyWithin(timeoutMs: number): Promise<boolean> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((done) => setTimeout(done, 100))) {
      if ((await fetch(`${provider.url}/readyz`)).status === 200) return true;
    }
    return false;
  }

  it('is not ready, fails closed and issues nothing while the store is down, then recovers by itself', async () => {
    const authenticator = new SoftAuthenticator();
    const browser = new BrowserSession(provider.issuer);
    const first = await app.startSignIn({ scope: 'openid email profile offline_access', prompt: 'consent' });
    const tokens = await app.finishSignIn((await signUpByMail(smtp, browser, authenticator, first.url, 'ada@example.com')).location!, first);
    // A code handed out just before the outage, and a sign-in page open in another browser.
    const pending = await app.startSignIn();
    const code = new URL((await browser.follow(pending.url, 'https://app.example')).location!).searchParams.get('code')!;
    expect(code).toBeTruthy();
    const elsewhere = new BrowserSession(provider.issuer);
    const base = await openInteraction(elsewhere, (await app.startSignIn()).url);

    await server().stop();
    const stoppedAt = Date.now();

    // All at once, so that a slow failure (the driver's server selection gives up after 5 s) is
    // waited for only once.
    const [ready, healthy, options, page, exchange, refresh, authorize] = await Promise.all([
      fetch(`${provider.url}/readyz`),
      fetch(`${provider.url}/healthz`),
      elsewhere.postJson(`${base}/passkey/options`, {}),
      elsewhere.get(base),
      tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: pending.verifier }),
      tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
      new BrowserSession(provider.issuer).get((await app.startSignIn()).url),
    ]);
    // Every request got its answer (a hung one would end the test at its timeout); how long that
    // took is printed below, not asserted: it depends on the machine, and the benchmark measures it.
    const outage = Date.now() - stoppedAt;

    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'store unavailable' } });
    expect(healthy.status).toBe(200);

    expect(options.status).toBe(503);
    expect(options.json).toEqual({ error: 'store_unavailable', message: expect.stringMatching(/try again/), requestId: expect.any(String) });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toMatch(/try again/);
    expect(page.body).not.toMatch(leaks);

    for (const answer of [exchange, refresh]) {
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
      expect(JSON.stringify(answer.body)).not.toMatch(leaks);
    }
    // oidc-provider's own endpoint: it shows our error page too, never a redirect to the app.
    expect(authorize.status).toBe(503);
    expect(authorize.location).toBeNull();
    expect(authorize.body).toMatch(/try again/);
    expect(authorize.body).not.toMatch(leaks);

    await server().restart();
    const restartedAt = Date.now();
    expect(await readyWithin(15_000)).toBe(true);
    const recovery = Date.now() - restartedAt;

    // The same process, untouched: a whole usernameless sign-in and token exchange work again.
    const again = await app.startSignIn();
    const signedIn = await app.finishSignIn((await signInWithPasskey(new BrowserSession(provider.issuer), authenticator, again.url)).location!, again);
    expect(signedIn.claims()!.sub).toBe(tokens.claims()!.sub);
    // Nothing was spent while the store was gone: the refresh token still works (once).
    expect((await app.refresh(tokens.refresh_token!)).access_token).toBeTruthy();
    expect(provider.log()).not.toMatch(/server\.(stopping|start_failed)/);
    console.info(`store outage: requests answered ${outage} ms after the stop; ready ${recovery} ms after the restart`);
  }, 120_000);
});
