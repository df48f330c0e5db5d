/**
 * Which language a person gets, over HTTP against the real provider: the switcher's choice, then the
 * app's ui_locales, then the person's saved locale, then Accept-Language, else English — on pages,
 * in the answers the pages' scripts show, and in mails.
 */
import { BrowserSession } from '../support/browserSession.js';
import { codeFrom, lastMailTo, openInteraction, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const lang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1];
const heading = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];

describe('the language of pages and mails', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('is English without any hint, with lang="en"', async () => {
    const page = await new BrowserSession(provider.origin).get('/recovery');
    expect(lang(page.body)).toBe('en');
    expect(heading(page.body)).toBe('Lost your passkey?');
  });

  it('follows Accept-Language by weight, taking de-AT as German and skipping languages not shipped', async () => {
    const browser = new BrowserSession(provider.origin);
    const german = await browser.get('/recovery', { 'Accept-Language': 'pt-BR, de-AT;q=0.8, fr;q=0.5' });
    expect(lang(german.body)).toBe('de');
    expect(heading(german.body)).toBe('Passkey verloren?');
    expect(german.headers.get('vary')).toMatch(/Accept-Language/i);
    const french = await browser.get('/recovery', { 'Accept-Language': 'de;q=0, fr' });
    expect(heading(french.body)).toBe('Passkey perdue ?');
  });

  it("takes the app's ui_locales before Accept-Language on the sign-in page", async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn({ ui_locales: 'xx es' })).url);
    const page = await browser.get(base, { 'Accept-Language': 'de' });
    expect(lang(page.body)).toBe('es');
    expect(page.body).toContain('>Iniciar sesión con llave de acceso</button>');
  });

  it("takes the person's saved locale on the account page, before Accept-Language", async () => {
    const browser = new BrowserSession(provider.origin);
    await signUp(provider, browser, new SoftAuthenticator(), (await app.startSignIn()).url, 'saved-locale@example.com');
    const person = await provider.store.people.findByEmail('saved-locale@example.com');
    await provider.store.people.update(person!.id, { locale: 'fr-CA' });
    const page = await browser.get('/account', { 'Accept-Language': 'de' });
    expect(lang(page.body)).toBe('fr');
    expect(heading(page.body)).toBe('Votre compte');
    expect(page.body).toContain('Connecté en tant que <strong>saved-locale@example.com</strong>');
  });

  it('keeps the switcher’s choice in a cookie that outranks every other hint, and returns to the page', async () => {
    const browser = new BrowserSession(provider.origin);
    const page = await browser.get('/recovery');
    expect(page.body).toMatch(/<form class="language" method="post" action="\/language">/);
    expect(page.body).toContain('<input type="hidden" name="return" value="/recovery">');
    const switched = await browser.postForm('/language', { lang: 'es', return: '/recovery' });
    expect(switched.status).toBe(303);
    expect(new URL(switched.location!).pathname).toBe('/recovery');
    const cookie = switched.headers.getSetCookie().find((line) => line.startsWith('lang=es'));
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    const after = await browser.get('/recovery', { 'Accept-Language': 'de' });
    expect(heading(after.body)).toBe('¿Perdiste tu llave de acceso?');
  });

  it('refuses a language it does not ship, a cross-site switch, and never returns to another host', async () => {
    const browser = new BrowserSession(provider.origin);
    expect((await browser.postForm('/language', { lang: 'xx', return: '/' })).status).toBe(400);
    expect((await browser.postForm('/language', { lang: 'de', return: '/' }, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(browser.cookieNames()).not.toContain('lang');
    for (const away of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const hop = await browser.postForm('/language', { lang: 'de', return: away });
      expect(hop.status).toBe(303);
      expect(hop.location).toBe(`${provider.origin}/`);
    }
  });

  it('explains errors to the pages’ scripts in the page’s language', async () => {
    const browser = new BrowserSession(provider.origin);
    const refused = await browser.postJson('/account/passkeys/rename', { id: 'x', name: 'y' }, { 'Accept-Language': 'es' });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'account_signed_out', message: expect.stringMatching(/^No tienes la sesión iniciada/) });
  });

  it('writes the sign-up mail in the language of the sign-up page, with the plural of its minutes', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const sent = await browser.postJson(`${base}/signup`, { email: 'deutsch@example.com' }, { 'Accept-Language': 'de-DE,de;q=0.9' });
    expect(sent.status).toBe(200);
    const mail = await lastMailTo(provider, 'deutsch@example.com');
    expect(mail.subject).toBe('Dein Registrierungscode für Test ID');
    expect(mail.text).toContain('Der Code gilt 10 Minuten.');
    expect(mail.html).toContain('<html lang="de">');
    expect(codeFrom(mail.text)).toMatch(/^\d{6}$/);
  });

  it('shows the times of a page in the time zone the browser sent, and UTC for a zone it does not know', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    await browser.postJson(`${base}/signup`, { email: 'zone@example.com' });
    await provider.mailer.deliverDue();
    const tokyo = await browser.get('/dev/outbox', { Cookie: 'tz=Asia/Tokyo' });
    expect(tokyo.body).toMatch(/<time datetime="[^"]+">[^<]+ GMT\+9<\/time>/);
    const german = await browser.get('/dev/outbox', { Cookie: 'tz=Europe/Berlin', 'Accept-Language': 'de' });
    expect(german.body).toMatch(/<time datetime="[^"]+">\d+\. \w+ \d{4} um \d\d:\d\d (MEZ|MESZ)<\/time>/);
    const unknown = await browser.get('/dev/outbox', { Cookie: 'tz=Mars/Olympus_Mons' });
    expect(unknown.body).toMatch(/<time datetime="[^"]+">[^<]+ UTC<\/time>/);
  });
});
