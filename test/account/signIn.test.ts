/**
 * The account page signs people in with a passkey in the provider's own session: the session an
 * app sign-in made is the account page's, and one made on the account page is the apps'.
 */
import { BrowserSession } from '../support/browserSession.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk, newPerson, signInOnAccountPage } from './accountJourneys.js';

describe('account page: signing in', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('offers a signed-out browser to sign in with a passkey, and shows nothing of any account', async () => {
    const page = expectOk(await new BrowserSession(provider.origin).get('/account'));
    expect(page.body).toContain('>Sign in with a passkey</button>');
    expect(page.body).toContain('href="/recovery"');
    expect(page.body).not.toContain('data-user-id');
    expect(page.headers.getSetCookie()).toEqual([]);
  });

  it('shows the account to the browser an app sign-up left signed in', async () => {
    const person = await newPerson(provider, app, 'shared@example.com');
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('Signed in as <strong>shared@example.com</strong>');
  });

  it('signs in on the account page with a new session id, and apps then use that session: same sub, no sign-in page', async () => {
    const person = await newPerson(provider, app, 'here@example.com');
    const browser = new BrowserSession(provider.origin);
    const signedIn = expectOk(await signInOnAccountPage(provider, browser, person.authenticator));
    expect(signedIn.json).toEqual({ signedIn: true });
    const cookies = signedIn.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('_session='))!;
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=lax/i);
    expect(session).toMatch(/expires=/i);
    expect(expectOk(await browser.get('/account')).body).toContain('here@example.com');

    const pending = await app.startSignIn();
    const callback = await browser.follow(pending.url, 'https://app.example');
    expect(callback.location).toMatch(/^https:\/\/app\.example\/callback\?/);
    const tokens = await app.finishSignIn(callback.location!, pending);
    expect(tokens.claims()!.sub).toBe(person.sub);
    expect(tokens.claims()!.amr).toEqual(['swk', 'user', 'mfa']);
  });

  it('renews the session id when a browser that is already signed in signs in again', async () => {
    const person = await newPerson(provider, app, 'renew@example.com');
    const before = person.browser.cookieNames().includes('_session');
    expect(before).toBe(true);
    const first = expectOk(await signInOnAccountPage(provider, person.browser, person.authenticator)).headers.getSetCookie();
    const second = expectOk(await signInOnAccountPage(provider, person.browser, person.authenticator)).headers.getSetCookie();
    const id = (cookies: string[]) => cookies.find((c) => c.startsWith('_session='))!.split(';')[0];
    expect(id(first)).not.toBe(id(second));
    expect(await provider.store.oidc.list('Session', { accountId: person.sub })).toHaveLength(1);
  });

  it('refuses an assertion from a browser that did not ask for the challenge', async () => {
    const person = await newPerson(provider, app, 'bound@example.com');
    const asking = new BrowserSession(provider.origin);
    const options = expectOk(await asking.postJson('/account/sign-in/options', {})).json;
    const other = new BrowserSession(provider.origin);
    const refused = await other.postJson('/account/sign-in', { response: person.authenticator.getAssertion(options, { origin: provider.origin }) });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('ceremony_expired');
    expect(expectOk(await other.get('/account')).body).toContain('>Sign in with a passkey</button>');
  });

  it('refuses a passkey the provider does not know, in plain words', async () => {
    // A passkey for this site that was never registered here (e.g. its account was deleted).
    const stranger = new SoftAuthenticator();
    stranger.createCredential({
      rp: { id: 'localhost', name: 'x' }, user: { id: 'AAAA', name: 'x', displayName: 'x' }, challenge: 'AAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    }, { origin: provider.origin });
    const refused = await signInOnAccountPage(provider, new BrowserSession(provider.origin), stranger);
    expect(refused.status).toBe(401);
    expect(refused.json.error).toBe('unknown_credential');
  });

  it('signs out of this browser: the session ends for the apps too', async () => {
    const person = await newPerson(provider, app, 'out@example.com');
    expectOk(await person.browser.postJson('/account/sign-out', {}));
    expect(expectOk(await person.browser.get('/account')).body).toContain('>Sign in with a passkey</button>');
    expect(await provider.store.oidc.list('Session', { accountId: person.sub })).toHaveLength(0);
    const hop = await person.browser.follow((await app.startSignIn()).url, 'https://app.example');
    expect(hop.url).toMatch(/\/interaction\//);
    expect(hop.body).toContain('Sign in with a passkey');
  });
});
