/**
 * Which language a mail is written in (src/email/mailLanguage.ts): the recipient's saved locale,
 * whoever caused the mail; otherwise the page's language for a mail that answers what the recipient
 * did there (a sign-up code), and the provider's default for one that anybody could have caused
 * (a recovery link asked for from another browser). Over HTTP, through real SMTP.
 */
import { DEFAULT_LANGUAGE } from '../../src/i18n/languages.js';
import { chooseMailLocale } from '../../src/email/mailLanguage.js';
import { audienceOf, mailTemplates } from '../../src/email/templates.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('the language of mails', () => {
  let smtp: SmtpCapture;
  let provider: TestProvider;
  let app: RelyingApp;
  const french = { 'Accept-Language': 'fr-FR,fr;q=0.9' };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    provider = await startTestProvider({ settings: { smtpUrl: smtp.url } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    await provider.store.people.insert({ id: 'sub-jonas', webauthnUserId: 'h-jonas', email: 'jonas@example.com', emailVerified: true, name: 'Jonas', locale: 'de-CH' });
    await provider.store.people.insert({ id: 'sub-ada', webauthnUserId: 'h-ada', email: 'ada@example.com', emailVerified: true, name: 'Ada' });
    await provider.store.people.insert({ id: 'sub-pt', webauthnUserId: 'h-pt', email: 'joao@example.com', emailVerified: true, name: 'João', locale: 'pt-BR' });
  });
  afterAll(async () => {
    await provider.close();
    await smtp.close();
  });

  async function askForRecovery(email: string) {
    const browser = new BrowserSession(provider.origin);
    const answer = await browser.postJson('/recovery', { email }, french);
    expect(answer.status).toBe(200);
  }

  it('writes a recovery link asked for from a French browser in the account’s saved language', async () => {
    await askForRecovery('jonas@example.com');
    const mail = await smtp.mailTo('jonas@example.com', 'wiederherstellen');
    expect(mail.subject).toBe('Zugang zu deinem Konto bei Test ID wiederherstellen');
  });

  it('writes it in the provider’s default language, not the browser’s, for an account with no saved language or one not shipped', async () => {
    await askForRecovery('ada@example.com');
    expect((await smtp.mailTo('ada@example.com', 'Recover')).subject).toBe('Recover access to your Test ID account');
    await askForRecovery('joao@example.com');
    expect((await smtp.mailTo('joao@example.com', 'Recover')).subject).toBe('Recover access to your Test ID account');
    await askForRecovery('nobody@example.com');
    expect((await smtp.mailTo('nobody@example.com', 'Recovery requested')).subject).toBe('Recovery requested at Test ID');
  });

  it('writes the sign-up code, which answers the page, in the page’s language', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    expect((await browser.postJson(`${base}/signup`, { email: 'nouveau@example.com' }, french)).status).toBe(200);
    const mail = await smtp.mailTo('nouveau@example.com', 'inscription');
    expect(mail.text).toMatch(/\b\d{6}\b/);
  });

  it('tells someone that their address already has an account in that account’s language, not the page’s', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    expect((await browser.postJson(`${base}/signup`, { email: 'jonas@example.com' }, french)).status).toBe(200);
    const mail = await smtp.mailTo('jonas@example.com', 'registrieren');
    expect(mail.subject).toBe('Jemand wollte sich mit deiner Adresse bei Test ID registrieren');
  });
});

describe('chooseMailLocale', () => {
  it('takes a saved locale first, for every mail', () => {
    for (const template of mailTemplates) expect(chooseMailLocale(template, 'es-MX').language).toBe('es');
  });

  it('outside a request, without a saved locale, writes in the default language with times in UTC', () => {
    for (const template of mailTemplates) expect(chooseMailLocale(template, null)).toEqual({ language: DEFAULT_LANGUAGE, timeZone: 'UTC' });
  });

  it('follows the page only for mails that answer what the recipient did there', () => {
    const page = mailTemplates.filter((template) => audienceOf(template) === 'page').sort();
    expect(page).toEqual(['email-change-code', 'email-changed', 'invitation', 'passkey-added', 'passkey-removed', 'signup-code']);
  });
});
