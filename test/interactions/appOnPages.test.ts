/**
 * The sign-in and consent pages name the app the person is signing in to: "Sign in to Notes" with
 * the app's logo, and on consent the account that is signed in, the app's domain (the host of the
 * redirect URI this sign-in returns to) and that the access can be removed later. The logo's origin,
 * and no other, joins the page's img-src.
 */
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('the app on the sign-in and consent pages', () => {
  let provider: TestProvider;
  let notes: RelyingApp;
  const authenticator = new SoftAuthenticator();
  const browser = () => new BrowserSession(provider.origin);

  beforeAll(async () => {
    provider = await startTestProvider();
    notes = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, {
      name: 'Notes', firstParty: false, logoUri: 'https://cdn.notes.example/logo.png', launchUri: 'https://notes.example/',
    }));
  });
  afterAll(() => provider.close());

  it('says "Sign in to Notes" with the logo, and lets only the logo’s origin into img-src', async () => {
    const session = browser();
    const page = await session.get(await openInteraction(session, (await notes.startSignIn()).url));
    expect(page.body).toContain('<title>Sign in to Notes · Test ID</title>');
    expect(page.body).toContain('<h1>Sign in to Notes</h1>');
    expect(page.body).toContain('<img class="app-logo" src="https://cdn.notes.example/logo.png" alt=""');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: https://cdn.notes.example;");
    expect(csp).toContain("script-src 'self';");
  });

  it('shows no logo and keeps img-src to this site for an app without one, or with a logo that is not https', async () => {
    // (oidc-provider itself refuses to load an app whose logo_uri is not a web URL, javascript: and the like.)
    for (const extra of [{}, { logo_uri: 'http://cdn.example/logo.png' }, { logo_uri: 'https://user:pw@cdn.example/l.png' }]) {
      const plain = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Plain', extra }));
      const session = browser();
      const page = await session.get(await openInteraction(session, (await plain.startSignIn()).url));
      expect(page.body).toContain('<h1>Sign in to Plain</h1>');
      expect(page.body).not.toContain('app-logo');
      expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    }
  });

  it('says just "Sign in" for an app that has no name', async () => {
    const nameless = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { extra: { client_name: undefined } }));
    const session = browser();
    const page = await session.get(await openInteraction(session, (await nameless.startSignIn()).url));
    expect(page.body).toContain('<h1>Sign in</h1>');
  });

  it('names on consent the signed-in account, the app with its logo and domain, and that access can be removed later', async () => {
    const session = browser();
    const first = await signUp(provider, session, authenticator, (await notes.startSignIn()).url, 'consent-page@example.com');
    expect(first.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);

    const consent = await session.follow((await notes.startSignIn({ prompt: 'consent' })).url, 'https://app.example');
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('<h1>Allow Notes?</h1>');
    expect(consent.body).toContain('<p class="account">You are signed in as <strong>consent-page@example.com</strong>.</p>');
    expect(consent.body).toContain('<p class="lead">Notes at <strong>app.example</strong> would like to:</p>');
    expect(consent.body).toContain('<img class="app-logo" src="https://cdn.notes.example/logo.png" alt=""');
    expect(consent.body).toContain('You can remove this access at any time on your account page.');
    // Everything it asks for was allowed at sign-up: the page says it keeps that, rather than listing nothing.
    expect(consent.body).toContain('<li>Keep the access you allowed before</li>');
    expect(consent.headers.get('content-security-policy')).toContain("img-src 'self' data: https://cdn.notes.example;");
  });

  it('escapes an app name that carries markup', async () => {
    const marked = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: '<b>Bold</b> & co', firstParty: false }));
    const session = browser();
    await signUp(provider, session, authenticator, (await marked.startSignIn()).url, 'marked@example.com');
    const consent = await session.follow((await marked.startSignIn({ prompt: 'consent' })).url, 'https://app.example');
    expect(consent.body).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; co at <strong>app.example</strong>');
    expect(consent.body).not.toContain('<b>Bold</b>');
  });
});
