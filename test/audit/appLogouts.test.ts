/**
 * Sign-outs an app starts (RP-initiated logout) are in the audit trail as `app_logout`, with the
 * app, the address and the browser, by the time the app gets its answer: without a page (a valid
 * id_token_hint), through the "Sign out?" page ("Yes" ends the session, "No" only this app's part),
 * and from the app's server without a browser. A logout that ends nothing records nothing.
 */
import { BrowserSession } from '../support/browserSession.js';
import { signIn, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const CHROME_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe('sign-outs an app starts, in the audit trail', () => {
  let provider: TestProvider;
  let client: RegisteredClient;
  let app: RelyingApp;
  let sub: string;
  const email = 'leaving@example.com';
  const authenticator = new SoftAuthenticator();

  beforeAll(async () => {
    provider = await startTestProvider();
    client = await registerClient(provider.store, { name: 'Notes', firstParty: true });
    app = await RelyingApp.discover(provider.issuer, client);
    const pending = await app.startSignIn();
    const tokens = await app.finishSignIn((await signUp(provider, new BrowserSession(provider.origin), authenticator, pending.url, email)).location!, pending);
    sub = tokens.claims()!.sub;
  });
  afterAll(() => provider.close());

  /** A browser signed in to the app; the ID token the app got. */
  async function signedIn() {
    const browser = new BrowserSession(provider.origin, { userAgent: CHROME_ON_MAC });
    const pending = await app.startSignIn();
    const tokens = await app.finishSignIn((await signIn(provider, browser, authenticator, pending.url)).location!, pending);
    return { browser, idToken: tokens.id_token! };
  }

  const logouts = () => provider.store.audit.list({ personId: sub, types: ['app_logout'], limit: 100 });

  it('records a sign-out without a page, when the app names the signed-in person in id_token_hint', async () => {
    const { browser, idToken } = await signedIn();
    const before = (await logouts()).length;
    const answer = await browser.get(app.endSessionUrl(idToken));
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(client.postLogoutRedirectUri);

    const [latest, ...rest] = await logouts();
    expect(rest).toHaveLength(before);
    expect(latest).toMatchObject({
      type: 'app_logout', personId: sub, email, clientId: client.clientId, ip: '127.0.0.1', browser: 'Chrome on macOS',
      detail: { confirmed: false, wholeSession: true },
    });
  });

  it('records a sign-out the person confirms on the page, and "No" as leaving only the app', async () => {
    for (const [answer, wholeSession] of [['yes', true], [null, false]] as const) {
      const { browser } = await signedIn();
      const before = (await logouts()).length;
      const page = await browser.get(`/session/end?client_id=${encodeURIComponent(client.clientId)}`);
      expect(page.body).toContain('Sign out?');
      const action = /<form[^>]*id="op\.logoutForm"[^>]*action="([^"]+)"/.exec(page.body)?.[1] ?? /<form[^>]*action="([^"]+)"[^>]*id="op\.logoutForm"/.exec(page.body)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
      expect(action && xsrf).toBeTruthy();
      const confirmed = await browser.postForm(new URL(action!, provider.origin).pathname, answer ? { xsrf: xsrf!, logout: answer } : { xsrf: xsrf! });
      expect(confirmed.status).toBe(303);

      const events = await logouts();
      expect(events).toHaveLength(before + 1);
      expect(events[0]).toMatchObject({ clientId: client.clientId, browser: 'Chrome on macOS', detail: { confirmed: true, wholeSession } });
    }
  });

  it('records a sign-out the app\'s server sends without a browser, with the sessions it ended; one that ends none records nothing', async () => {
    // Without a back-channel URI the app's ID tokens carry no sid, and the server-side sign-out finds
    // the session by its sign-in second: sessions of earlier tests signed in within the same second
    // would be ended too. This test counts what one sign-out ends, so it starts with none of them.
    await provider.store.oidc.destroyByAccount('Session', sub);
    const { idToken } = await signedIn();
    const before = (await logouts()).length;
    const server = { 'User-Agent': 'oauth2-proxy/7.6' };
    expect((await fetch(app.endSessionUrl(idToken), { redirect: 'manual', headers: server })).status).toBe(303);
    const events = await logouts();
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ clientId: client.clientId, detail: { withoutBrowser: true, sessions: 1, wholeSession: true, confirmed: false } });

    // The same ID token again: its session is gone, nothing is ended, nothing recorded.
    await fetch(app.endSessionUrl(idToken), { redirect: 'manual', headers: server });
    expect(await logouts()).toHaveLength(before + 1);
  });

  it('shows the sign-out among the person\'s recent activity', async () => {
    const { browser } = await signedIn();
    const page = await browser.get('/account');
    expect(page.body).toContain('Signed out from an app');
  });
});
