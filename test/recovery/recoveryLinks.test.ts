/**
 * Recovery by emailed link, over a real SMTP conversation: the email section of the checklist.
 */
import { recoveryLinkBinding } from '../../src/ceremonies/bindings.js';
import { openStore } from '../../src/store/open.js';
import { BrowserSession } from '../support/browserSession.js';
import { countStoreCalls, type CountingStore } from '../support/countingStore.js';
import { codeFrom, openInteraction, passkeyOptions, signIn } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { workDone } from '../support/workDone.js';

describe('recovery links', () => {
  let smtp: SmtpCapture;
  let provider: TestProvider;
  let app: RelyingApp;
  let clock = Date.now();
  let counter = 0;
  let counted: CountingStore;
  /** Each browser is its own client IP (through X-Forwarded-For), so per-IP limits stay out of the way. */
  const newBrowser = () => new BrowserSession(provider.origin, { clientIp: `192.0.2.${(counter += 1) % 250}` });

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    counted = countStoreCalls(await openStore('sqlite::memory:', { now: () => clock }));
    provider = await startTestProvider({ store: counted.store, settings: { smtpUrl: smtp.url, trustProxy: true }, now: () => clock });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(async () => {
    await provider.close();
    await counted.store.close();
    await smtp.close();
  });

  /** A person with one passkey, signed in in `browser`. */
  async function person() {
    const email = `person${counter += 1}@example.com`;
    const browser = newBrowser();
    const authenticator = new SoftAuthenticator();
    const pending = await app.startSignIn();
    const base = await openInteraction(browser, pending.url);
    await browser.postJson(`${base}/signup`, { email });
    const code = codeFrom((await smtp.nextMail()).text!);
    const options = (await browser.postJson(`${base}/signup/code`, { code })).json.options;
    const created = await browser.postJson(`${base}/signup/passkey`, { response: authenticator.createCredential(options, { origin: provider.origin }) });
    const callback = await browser.follow(created.json.redirectTo, 'https://app.example');
    const sub = (await app.finishSignIn(callback.location!, pending)).claims()!.sub;
    return { email, browser, authenticator, sub, personId: sub };
  }

  async function requestLink(email: string, browser = newBrowser(), extra: Record<string, string> = {}) {
    const hop = await browser.postJson('/recovery', { email, ...extra });
    return hop;
  }

  async function linkFromMail() {
    const mail = await smtp.nextMail();
    const link = /https?:\/\/[^\s"<>]+\/recover\/[A-Za-z0-9_-]+/.exec(mail.text!)?.[0];
    return { mail, link: link! };
  }

  async function redeem(link: string, authenticator = new SoftAuthenticator(), browser = newBrowser()) {
    const path = new URL(link).pathname;
    const options = await browser.postJson(`${path}/options`, {});
    if (options.status !== 200) return { options, added: options };
    const added = await browser.postJson(`${path}/passkey`, { response: authenticator.createCredential(options.json, { origin: provider.origin }) });
    return { options, added, authenticator };
  }

  it('answers the same for a known and an unknown address, and mails the stored address a link under the issuer', async () => {
    const { email } = await person();
    const known = await requestLink(email.toUpperCase(), undefined, {});
    const { mail, link } = await linkFromMail();
    const unknown = await requestLink('nobody-here@example.com');
    const unknownMail = await smtp.nextMail();

    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    // The address as typed, with its domain in the one form addresses are kept in.
    expect(known.json.message.replace(email.toUpperCase().replace(/@.*/, '@example.com'), 'X')).toBe(unknown.json.message.replace('nobody-here@example.com', 'X'));
    expect(mail.to).toMatchObject({ text: email });
    expect(link.startsWith(`${provider.issuer}/recover/`)).toBe(true);
    expect(unknownMail.text).not.toMatch(/\/recover\//);
  });

  it('does the same work for a known and an unknown address: the same store calls and one mail', async () => {
    const { email } = await person();
    const ask = (address: string) => workDone(counted, smtp, async () => {
      expect((await requestLink(address)).status).toBe(200);
      await smtp.nextMail();
    });
    const known = await ask(email);
    const unknown = await ask('unknown-worked@example.com');
    expect(known.mailsOffered).toBe(1);
    expect(known).toEqual(unknown);
  });

  it('builds links from the issuer, never from Host or X-Forwarded-Host', async () => {
    const { email } = await person();
    await requestLink(email, undefined);
    await linkFromMail();
    const browser = newBrowser();
    await browser.postJson('/recovery', { email }, { 'X-Forwarded-Host': 'evil.example', Host: 'evil.example' } as Record<string, string>);
    const { mail } = await linkFromMail();
    expect(mail.text).not.toContain('evil.example');
    expect(mail.html).not.toContain('evil.example');
  });

  it('carries at least 128 random bits and stores only a hash of the token', async () => {
    const { email } = await person();
    await requestLink(email);
    const { link } = await linkFromMail();
    const token = link.split('/').pop()!;
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(await provider.store.ceremonies.find(`recovery-link:${token}`, 'recovery-link')).toBeNull();
    const stored = await provider.store.ceremonies.find(recoveryLinkBinding(token), 'recovery-link');
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('adds exactly one passkey, once: the link cannot be reused, even by two tabs at once', async () => {
    const { email, personId } = await person();
    await requestLink(email);
    const { link } = await linkFromMail();
    const path = new URL(link).pathname;
    const browser = newBrowser();
    const options = (await browser.postJson(`${path}/options`, {})).json;
    const [a, b] = [new SoftAuthenticator(), new SoftAuthenticator()];
    const results = await Promise.all([
      browser.postJson(`${path}/passkey`, { response: a.createCredential(options, { origin: provider.origin }) }),
      browser.postJson(`${path}/passkey`, { response: b.createCredential(options, { origin: provider.origin }) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(await provider.store.credentials.listByPerson(personId)).toHaveLength(2);
    expect((await smtp.nextMail()).subject).toMatch(/passkey was added/i);

    const again = await redeem(link);
    expect(again.options.status).toBe(400);
    expect(again.options.json.error).toBe('recovery_link_invalid');
    expect((await browser.get(path)).status).toBe(400);
  });

  it('refuses an expired link', async () => {
    const { email } = await person();
    await requestLink(email);
    const { link } = await linkFromMail();
    clock += 10 * 60_000 + 1;
    try {
      const { options } = await redeem(link);
      expect(options.status).toBe(400);
      expect(options.json.error).toBe('recovery_link_invalid');
    } finally {
      clock = Date.now();
    }
  });

  it('never lets a link for account A enrol a passkey into account B', async () => {
    const a = await person();
    const b = await person();
    await requestLink(a.email);
    const linkA = new URL((await linkFromMail()).link).pathname;
    await requestLink(b.email);
    const linkB = new URL((await linkFromMail()).link).pathname;
    const browser = newBrowser();
    const optionsA = (await browser.postJson(`${linkA}/options`, {})).json;
    await browser.postJson(`${linkB}/options`, {});
    const response = new SoftAuthenticator().createCredential(optionsA, { origin: provider.origin });
    const refused = await browser.postJson(`${linkB}/passkey`, { response });
    expect(refused.status).toBe(400);
    expect(await provider.store.credentials.listByPerson(b.personId)).toHaveLength(1);
    expect(optionsA.user.id).toBe((await provider.store.people.findById(a.personId))!.webauthnUserId);
  });

  it('ends every existing session of the account, mails a notice, and the new passkey signs in as the same sub', async () => {
    const { email, browser: oldBrowser, sub } = await person();
    const silentBefore = await app.startSignIn({ prompt: 'none' });
    expect((await oldBrowser.follow(silentBefore.url, 'https://app.example')).location).toMatch(/code=/);

    await requestLink(email);
    const { link } = await linkFromMail();
    const { added, authenticator } = await redeem(link);
    expect(added.status).toBe(200);
    const notice = await smtp.nextMail();
    expect(notice.subject).toMatch(/passkey was added/i);
    expect(notice.text).toMatch(/Chrome on Linux/);

    const silentAfter = await app.startSignIn({ prompt: 'none' });
    const after = await oldBrowser.follow(silentAfter.url, 'https://app.example');
    expect(new URL(after.location!).searchParams.get('error')).toBe('login_required');

    const pending = await app.startSignIn();
    const tokens = await app.finishSignIn((await signIn(provider, newBrowser(), authenticator!, pending.url)).location!, pending);
    expect(tokens.claims()!.sub).toBe(sub);
  });

  it('continues the sign-in that asked for the link, in the browser that redeemed it', async () => {
    const { email, sub } = await person();
    const browser = newBrowser();
    const pending = await app.startSignIn();
    const base = await openInteraction(browser, pending.url);
    const uid = base.split('/').pop()!;
    await requestLink(email, browser, { interaction: uid });
    const { link } = await linkFromMail();
    const { added } = await redeem(link, new SoftAuthenticator(), browser);
    expect(added.json.continueAt).toBe(`/interaction/${uid}/recovered`);
    await smtp.nextMail();
    const continued = await browser.postJson(added.json.continueAt, { token: added.json.continueToken });
    const callback = await browser.follow(continued.json.redirectTo, 'https://app.example');
    expect((await app.finishSignIn(callback.location!, pending)).claims()!.sub).toBe(sub);
  });

  it('does not let whoever asked for the link finish their own sign-in as the person who redeemed it', async () => {
    const victim = await person();
    const attacker = newBrowser();
    const base = await openInteraction(attacker, (await app.startSignIn()).url);
    const uid = base.split('/').pop()!;
    await requestLink(victim.email, attacker, { interaction: uid });
    const { link } = await linkFromMail();
    const { added } = await redeem(link, new SoftAuthenticator(), newBrowser());
    expect(added.status).toBe(200);
    await smtp.nextMail();
    for (const token of ['', 'guess', 'A'.repeat(43)]) {
      const refused = await attacker.postJson(`${base}/recovered`, { token });
      expect(refused.status).toBe(400);
    }
    const stillSignedOut = await attacker.get(base);
    expect(stillSignedOut.body).toContain('Sign in with a passkey');
  });

  it('limits requests per address (3 in 15 minutes) and per client IP (10 in 15 minutes)', async () => {
    const { email } = await person();
    const perAddress = [];
    for (let i = 0; i < 4; i++) perAddress.push((await requestLink(email)).status);
    expect(perAddress).toEqual([200, 200, 200, 429]);
    for (let i = 0; i < 3; i++) await smtp.nextMail();

    const oneClient = new BrowserSession(provider.origin, { clientIp: '198.51.100.7' });
    const perIp = [];
    for (let i = 0; i < 11; i++) perIp.push((await requestLink(`ip-limit-${i}@example.com`, oneClient)).status);
    expect(perIp).toEqual([...Array(10).fill(200), 429]);
    for (let i = 0; i < 10; i++) await smtp.nextMail();
    expect((await requestLink('ip-limit-0@example.com', newBrowser())).status).toBe(200);
    await smtp.nextMail();
  });

  it('removes older passkeys only when configured to', async () => {
    const { email, personId, authenticator } = await person();
    await requestLink(email);
    const { link } = await linkFromMail();
    await redeem(link);
    await smtp.nextMail();
    const kept = await provider.store.credentials.listByPerson(personId);
    expect(kept.map((c) => c.id)).toContain(authenticator.credentials[0].id);

    provider.settings.recoveryRemovesOldPasskeys = true;
    try {
      await requestLink(email);
      const second = await linkFromMail();
      const { authenticator: newest } = await redeem(second.link);
      await smtp.nextMail();
      const left = await provider.store.credentials.listByPerson(personId);
      expect(left.map((c) => c.id)).toEqual([newest!.credentials[0].id]);
    } finally {
      provider.settings.recoveryRemovesOldPasskeys = false;
    }
    const browser = newBrowser();
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const old = await browser.postJson(`${base}/passkey/verify`, {
      response: authenticator.getAssertion(await passkeyOptions(browser, base), { origin: provider.origin }),
    });
    expect(old.json.error).toBe('unknown_credential');
  });
});
