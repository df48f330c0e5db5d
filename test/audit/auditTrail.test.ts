/**
 * The audit trail as people and operators meet it over HTTP: sign-up, sign-in and refused sign-ins
 * recorded with app, address and browser; account changes recorded; the person's own recent
 * activity on the account page; the new-device alert mailed over real SMTP.
 */
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, passkeyOptions } from '../support/journeys.js';
import { signInWithPasskey, signUpByMail } from '../support/mailedJourneys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe('audit trail over HTTP', () => {
  let smtp: SmtpCapture;
  let provider: TestProvider;
  let app: RelyingApp;

  async function start(newDeviceAlerts: boolean) {
    smtp = await startSmtpCapture();
    provider = await startTestProvider({ settings: { smtpUrl: smtp.url, newDeviceAlerts } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  }
  afterEach(async () => {
    await provider.close();
    await smtp.close();
  });

  async function signUpPerson(email: string, userAgent = FIREFOX) {
    const browser = new BrowserSession(provider.origin, { userAgent });
    const authenticator = new SoftAuthenticator();
    const pending = await app.startSignIn();
    const callback = await signUpByMail(smtp, browser, authenticator, pending.url, email);
    const sub = (await app.finishSignIn(callback.location!, pending)).claims()!.sub;
    return { browser, authenticator, sub };
  }

  it('records sign-up and sign-in with the app, the address and the browser, and shows them on the account page', async () => {
    await start(false);
    const { browser, authenticator, sub } = await signUpPerson('ada@example.com');
    const pending = await app.startSignIn({ prompt: 'login' });
    await app.finishSignIn((await signInWithPasskey(browser, authenticator, pending.url)).location!, pending);

    const events = await provider.store.audit.list({ personId: sub, limit: 10 });
    expect(events.map((event) => event.type)).toEqual(['sign_in', 'sign_up']);
    expect(events[0]).toMatchObject({
      email: 'ada@example.com', clientId: app.client.clientId, ip: '127.0.0.1', browser: 'Firefox on Linux', actor: null,
      detail: { via: 'sign-in', credentialId: authenticator.credentials[0]!.id },
    });

    const page = await browser.get('/account');
    const activity = /<ol[^>]* id="activity">([\s\S]*?)<\/ol>/.exec(page.body)?.[1] ?? '';
    expect(activity).toContain('<strong>Signed in</strong>');
    expect(activity).toContain('<strong>Account created</strong>');
    expect(activity).toContain('Firefox on Linux, 127.0.0.1');
  });

  it('records a refused sign-in with its reason and, when the passkey is known, its account', async () => {
    await start(false);
    const { browser, authenticator, sub } = await signUpPerson('bob@example.com');
    const pending = await app.startSignIn({ prompt: 'login' });
    const base = await openInteraction(browser, pending.url);
    // A first sign-in takes the passkey's counter to 5; a later assertion with 3 is a regression.
    const first = await browser.postJson(`${base}/passkey/verify`, { response: authenticator.getAssertion(await passkeyOptions(browser, base), { origin: provider.origin, counter: 5 }) });
    expect(first.status).toBe(200);
    const second = await app.startSignIn({ prompt: 'login' });
    const secondBase = await openInteraction(browser, second.url);
    const regressed = await browser.postJson(`${secondBase}/passkey/verify`, {
      response: authenticator.getAssertion(await passkeyOptions(browser, secondBase), { origin: provider.origin, counter: 3 }),
    });
    expect(regressed.status).toBe(401);

    const stranger = new SoftAuthenticator();
    stranger.createCredential({
      rp: { id: 'localhost', name: 'x' }, user: { id: 'AAAA', name: 'x', displayName: 'x' }, challenge: 'AAAA',
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    }, { origin: provider.origin });
    const third = await app.startSignIn({ prompt: 'login' });
    const thirdBase = await openInteraction(browser, third.url);
    const unknown = await browser.postJson(`${thirdBase}/passkey/verify`, {
      response: stranger.getAssertion(await passkeyOptions(browser, thirdBase), { origin: provider.origin }),
    });
    expect(unknown.status).toBe(401);

    const refused = await provider.store.audit.list({ types: ['sign_in_failed'], limit: 10 });
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ personId: null, email: null, clientId: app.client.clientId, detail: { reason: 'unknown_credential', via: 'sign-in' } });
    expect(refused[1]).toMatchObject({
      personId: sub, email: 'bob@example.com', browser: 'Firefox on Linux', detail: { reason: 'counter_regression', credentialId: authenticator.credentials[0]!.id },
    });
  });

  it('records account changes: a passkey renamed, this browser signed out', async () => {
    await start(false);
    const { browser, sub } = await signUpPerson('cy@example.com');
    const [passkey] = await provider.store.credentials.listByPerson(sub);
    expect((await browser.postJson('/account/passkeys/rename', { id: passkey!.id, name: 'Work laptop' })).status).toBe(200);
    expect((await browser.postJson('/account/sign-out', {})).status).toBe(200);
    const types = (await provider.store.audit.list({ personId: sub, limit: 10 })).map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['session_ended', 'passkey_renamed']);
    const [ended, renamed] = await provider.store.audit.list({ personId: sub, limit: 2 });
    expect(renamed!.detail).toMatchObject({ credentialId: passkey!.id, name: 'Work laptop' });
    expect(ended!.detail).toMatchObject({ which: 'this', sessions: 1 });
  });

  describe('new-device alert', () => {
    it('mails a sign-in from a browser the account has not used, once, and not a sign-in from a known one', async () => {
      await start(true);
      const { browser, authenticator } = await signUpPerson('dee@example.com');
      const again = await app.startSignIn({ prompt: 'login' });
      await app.finishSignIn((await signInWithPasskey(browser, authenticator, again.url)).location!, again);

      const other = new BrowserSession(provider.origin, { userAgent: CHROME_WINDOWS });
      const fromOther = await app.startSignIn();
      await app.finishSignIn((await signInWithPasskey(other, authenticator, fromOther.url)).location!, fromOther);
      const alert = await smtp.mailTo('dee@example.com', 'New sign-in');
      expect(alert.text).toContain('Chrome on Windows');
      expect(alert.text).toContain('127.0.0.1');
      expect(alert.text).toMatch(/\d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/);

      const repeat = await app.startSignIn({ prompt: 'login' });
      await app.finishSignIn((await signInWithPasskey(other, authenticator, repeat.url)).location!, repeat);
      await provider.mailer.deliverDue();
      expect(smtp.mails.filter((mail) => mail.subject?.includes('New sign-in'))).toHaveLength(1);
      const signIns = await provider.store.audit.list({ email: 'dee@example.com', types: ['sign_in'], limit: 10 });
      expect(signIns.map((event) => event.detail.newDevice ?? false)).toEqual([false, true, false]);
    });

    it('mails nothing when NEW_DEVICE_ALERTS is off (the default)', async () => {
      await start(false);
      const { authenticator } = await signUpPerson('eve@example.com');
      const other = new BrowserSession(provider.origin, { userAgent: CHROME_WINDOWS });
      const pending = await app.startSignIn();
      await app.finishSignIn((await signInWithPasskey(other, authenticator, pending.url)).location!, pending);
      await provider.mailer.deliverDue();
      expect(smtp.mails.map((mail) => mail.subject)).toEqual([expect.stringContaining('sign-up code')]);
    });
  });
});
