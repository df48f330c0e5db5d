/**
 * Pages for what went wrong, as a person meets them: an address nothing answers gets the styled
 * page with its language, title and the site's frame (not Koa's bare "Not Found"); oidc-provider's
 * refusals of an app's request are told in plain words with a way back, never in the library's
 * words for developers; the signed-out page leads somewhere.
 */
import { BrowserSession } from '../support/browserSession.js';
import { lastMailTo } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('error pages', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('answers an unknown address with a styled 404 page in the frame, with lang and a title', async () => {
    const page = await new BrowserSession(provider.origin).get('/no/such/page', { 'Accept-Language': 'fr' });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(page.body).toContain('<title>Page introuvable · Test ID</title>');
    expect(page.body).toContain('<link rel="stylesheet" href="/static/css/site.css">');
    expect(page.body).toContain('Il n’y a rien à cette adresse.');
    expect(page.body).toMatch(/<a id="go-home" href="\/">/);
    expect(page.body).toMatch(/<footer class="site">/);
  });

  it('answers a fetch call to an unknown address with JSON', async () => {
    const answer = await new BrowserSession(provider.origin).postJson('/no/such/call', {});
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: 'not_found', message: 'There is nothing at this address.' });
  });

  it('tells a person in plain words that the app is unknown, with a way back, not "client is invalid"', async () => {
    const url = new URL((await app.startSignIn()).url);
    url.searchParams.set('client_id', 'no-such-app');
    const page = await new BrowserSession(provider.origin).get(url.href);
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.body).toContain('The app that sent you here is not registered with this service');
    expect(page.body).not.toMatch(/client is invalid|invalid_client/);
    expect(page.body).toMatch(/<a id="go-home" href="\/">/);
  });

  it('tells a person in plain words that the app asked to be reached at an unregistered address', async () => {
    const url = new URL((await app.startSignIn()).url);
    url.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const page = await new BrowserSession(provider.origin).get(url.href, { 'Accept-Language': 'de' });
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.body).toContain('wollte dich an einer Adresse zurückbekommen, die sie nicht registriert hat');
    expect(page.body).not.toMatch(/redirect_uri did not match/);
  });

  it('shows a signed-out page that leads back to the account page and the start page', async () => {
    const page = await new BrowserSession(provider.origin).get('/session/end/success');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>You are signed out</h1>');
    expect(page.body).toMatch(/<a id="to-account" href="\/account">/);
  });
});

describe('branding', () => {
  let provider: TestProvider;
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

  beforeAll(async () => {
    provider = await startTestProvider({
      settings: {
        logo: fixture('logo.svg'), logoDark: fixture('logo-dark.svg'), favicon: fixture('favicon.svg'), accentColor: '#0b6e4f',
        supportContact: 'help@acme.example', privacyUrl: 'https://acme.example/privacy', termsUrl: 'https://acme.example/terms',
      },
    });
  });
  afterAll(() => provider.close());

  it('shows the logo, favicon, accent and footer links on every page, served from this site', async () => {
    const browser = new BrowserSession(provider.origin);
    for (const path of ['/', '/recovery', '/account', '/no/such/page']) {
      const page = await browser.get(path);
      expect(page.body).toMatch(/<img class="logo light" src="\/branding\/logo\.svg\?v=[\w-]+" alt="Test ID">/);
      expect(page.body).toMatch(/<img class="logo dark" src="\/branding\/logo-dark\.svg\?v=[\w-]+" alt="Test ID">/);
      expect(page.body).toMatch(/<link rel="icon" href="\/branding\/favicon\.svg\?v=[\w-]+">/);
      expect(page.body).toContain('<a id="support" href="mailto:help@acme.example">Help: help@acme.example</a>');
      expect(page.body).toContain('<a href="https://acme.example/privacy">Privacy</a>');
    }
    const logo = await browser.get('/branding/logo.svg');
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect((await browser.get('/favicon.ico')).headers.get('content-type')).toBe('image/svg+xml');
    const css = /<link rel="stylesheet" href="(\/branding\/accent\.css\?v=[\w-]+)">/.exec((await browser.get('/')).body)![1]!;
    const stylesheet = (await browser.get(css)).body;
    expect(stylesheet).toContain('--accent: #0b6e4f');
    // Dark mode gets a lighter shade of the same colour, readable on the dark card.
    expect(stylesheet).toMatch(/prefers-color-scheme: dark\) \{ :root \{ --accent: #(?!0b6e4f)[0-9a-f]{6}/);
  });

  it('puts the logo, accent and footer links in mails too', async () => {
    const browser = new BrowserSession(provider.origin);
    await browser.postJson('/recovery', { email: 'nobody@acme.example' });
    const mail = await lastMailTo(provider, 'nobody@acme.example');
    expect(mail.html).toMatch(new RegExp(`<img src="${provider.issuer}/branding/logo\\.svg\\?v=[\\w-]+" alt="Test ID"`));
    expect(mail.html).toContain('background:#0b6e4f;');
    expect(mail.html).toContain('href="https://acme.example/terms"');
    expect(mail.text).toContain('Help: help@acme.example: mailto:help@acme.example');
  });
});
