/**
 * Sign-up proves the address with a mailed code before any passkey is bound, over a real SMTP
 * conversation, and tells nobody whether an address already has an account.
 */
import { openStore } from '../../src/store/open.js';
import { BrowserSession } from '../support/browserSession.js';
import { countStoreCalls, type CountingStore } from '../support/countingStore.js';
import { codeFrom, openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { workDone } from '../support/workDone.js';

describe('sign-up with a mailed code', () => {
  let smtp: SmtpCapture;
  let provider: TestProvider;
  let app: RelyingApp;
  let clock = Date.now();
  let failMail = false;
  let counted: CountingStore;

  beforeAll(async () => {
    smtp = await startSmtpCapture(() => (failMail ? { code: 451, message: 'try later' } : null));
    counted = countStoreCalls(await openStore('sqlite::memory:', { now: () => clock }));
    provider = await startTestProvider({ store: counted.store, settings: { smtpUrl: smtp.url }, now: () => clock });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(async () => {
    await provider.close();
    await counted.store.close();
    await smtp.close();
  });

  async function begin(email: string) {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const requested = await browser.postJson(`${base}/signup`, { email });
    return { browser, base, requested };
  }

  async function signUpFully(email: string) {
    const { browser, base } = await begin(email);
    const code = codeFrom((await smtp.nextMail()).text!);
    const options = (await browser.postJson(`${base}/signup/code`, { code })).json.options;
    const created = await browser.postJson(`${base}/signup/passkey`, { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) });
    expect(created.status).toBe(200);
  }

  it('mails a 6-digit code to the address, valid 10 minutes, and only then offers passkey creation', async () => {
    const { browser, base, requested } = await begin('new@example.com');
    expect(requested.json).toEqual({ next: 'code', email: 'new@example.com', minutes: 10, tries: 5, resends: 3 });
    const mail = await smtp.nextMail();
    expect(mail.to).toMatchObject({ text: 'new@example.com' });
    expect(mail.text).toMatch(/10 minutes/);
    expect(mail.html).toBeTruthy();

    const tooEarly = await browser.postJson(`${base}/signup/passkey`, { response: { id: 'x' } });
    expect(tooEarly.status).toBe(400);
    const confirmed = await browser.postJson(`${base}/signup/code`, { code: codeFrom(mail.text!) });
    expect(confirmed.json.options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    expect(confirmed.json.options.pubKeyCredParams.map((p: { alg: number }) => p.alg)).toEqual([-7, -257]);
    expect(await provider.store.people.findByEmail('new@example.com')).toBeNull();
  });

  it('refuses a wrong code and creates nothing', async () => {
    const { browser, base } = await begin('wrong@example.com');
    const code = codeFrom((await smtp.nextMail()).text!);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await browser.postJson(`${base}/signup/code`, { code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('code_invalid');
    expect((await browser.postJson(`${base}/signup/code`, { code })).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const { browser, base } = await begin('late@example.com');
    const code = codeFrom((await smtp.nextMail()).text!);
    clock += 10 * 60_000 + 1;
    try {
      const refused = await browser.postJson(`${base}/signup/code`, { code });
      expect(refused.json.error).toBe('signup_expired');
    } finally {
      clock = Date.now();
    }
  });

  it('allows at most 5 attempts, after which even the right code is refused', async () => {
    const { browser, base } = await begin('guess@example.com');
    const code = codeFrom((await smtp.nextMail()).text!);
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await browser.postJson(`${base}/signup/code`, { code: wrong })).json.error);
    expect(answers).toEqual(['code_invalid', 'code_invalid', 'code_invalid', 'code_invalid', 'code_attempts_exceeded']);
    const right = await browser.postJson(`${base}/signup/code`, { code });
    expect(right.status).not.toBe(200);
  });

  it('answers a known address exactly like a new one, and tells the owner instead', async () => {
    await signUpFully('owner@example.com');
    const known = await begin('owner@example.com');
    const knownMail = await smtp.nextMail();
    const unknown = await begin('nobody@example.com');
    await smtp.nextMail();
    expect(known.requested.status).toBe(unknown.requested.status);
    expect({ ...known.requested.json, email: '' }).toEqual({ ...unknown.requested.json, email: '' });
    expect(knownMail.subject).toMatch(/tried to sign up/);
    expect(knownMail.text).toMatch(/Lost your passkey/);
    expect(knownMail.text).not.toMatch(/\b\d{6}\b/);
    // No code ever reaches the person at the page, so no second account and no passkey for them.
    const guessed = await known.browser.postJson(`${known.base}/signup/code`, { code: '000000' });
    expect(guessed.status).toBe(400);
  });

  it('does the same work for a known and an unknown address: the same store calls and one mail', async () => {
    await signUpFully('worked-owner@example.com');
    const requestCode = (email: string) => workDone(counted, smtp, async () => {
      const { requested } = await begin(email);
      expect(requested.status).toBe(200);
      await smtp.nextMail();
    });
    const known = await requestCode('worked-owner@example.com');
    const unknown = await requestCode('worked-stranger@example.com');
    expect(known.mailsOffered).toBe(1);
    expect(known).toEqual(unknown);
  });

  it('answers at once while the SMTP server refuses for now, and the code arrives once it takes mail again', async () => {
    failMail = true;
    const offered = smtp.attempts;
    const { browser, base, requested } = await begin('patient@example.com');
    expect(requested.status).toBe(200);
    await waitFor(() => smtp.attempts > offered);
    failMail = false;
    const code = codeFrom((await smtp.mailTo('patient@example.com', 'sign-up code')).text ?? '');
    expect((await browser.postJson(`${base}/signup/code`, { code })).status).toBe(200);
  });

  it('tells the person when the code cannot be saved for sending, and says nothing of a mail on its way', async () => {
    // The outbox's own method, not the counting wrapper that reading it through the store gives.
    const { outbox } = counted.store;
    const enqueue = Object.getOwnPropertyDescriptor(outbox, 'enqueue')!.value as typeof outbox.enqueue;
    outbox.enqueue = async () => {
      throw new Error('disk I/O error');
    };
    try {
      const offered = smtp.attempts;
      const { requested } = await begin('unlucky@example.com');
      expect(requested.status).toBe(503);
      expect(requested.json).toMatchObject({ error: 'mail_failed', message: expect.stringMatching(/could not send the mail/) });
      await provider.mailer.deliverDue();
      expect(smtp.attempts).toBe(offered);
    } finally {
      outbox.enqueue = enqueue;
    }
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
