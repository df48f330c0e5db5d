/**
 * Email addresses and names at every door (sign-up, email change, recovery, invitations, the idp
 * command): one rule refuses control and bidi characters, over-long local parts and addresses, and
 * answers a 400 (not a failed mail); one mailbox holds at most one account; and the idp command
 * prints stored names and addresses with their control characters escaped.
 */
import { createHash } from 'node:crypto';

import { runCli } from '../../src/cli/run.js';
import { BrowserSession } from '../support/browserSession.js';
import { lastMailTo, openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk, newPerson } from '../account/accountJourneys.js';

const bad: Array<[string, string]> = [
  ['a C0 control', 'ada\u0001@example.com'],
  ['DEL', 'ada\u007f@example.com'],
  ['ESC', '\u001b[31mada@example.com'],
  ['a right-to-left override', 'ada\u202e@example.com'],
  ['a zero-width space', 'a\u200bda@example.com'],
  ['a line break', 'ada@example.com\r\nBcc: eve@example.com'],
  ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
  ['more than 254 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`],
  ['a control character in the domain', 'ada@exam\u0000ple.com'],
  ['an IP address for a domain', 'ada@127.0.0.1'],
  ['two @', 'ada@eve@example.com'],
];

describe('email addresses and names', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  const mailCount = () => provider.mailer.outbox!.list().length;

  it.each(bad)('refuses an address with %s at sign-up: 400 email_invalid, nothing mailed or kept', async (_what, email) => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const mails = mailCount();
    const refused = await browser.postJson(`${base}/signup`, { email, name: 'Ada' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('email_invalid');
    expect(mailCount()).toBe(mails);
    expect(await provider.store.people.findByEmail(email)).toBeNull();
  });

  it.each(bad)('refuses an address with %s as a new email address and on the recovery page', async (_what, email) => {
    const person = await newPerson(provider, app, `change-${createHash('sha1').update(email).digest('hex').slice(0, 8)}@example.com`);
    const mails = mailCount();
    const refused = await person.browser.postJson('/account/email', { email });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('email_invalid');

    const recovery = await new BrowserSession(provider.origin).postJson('/recovery', { email });
    expect(recovery.status).toBe(400);
    expect(recovery.json.error).toBe('email_invalid');
    expect(mailCount()).toBe(mails);
  });

  it('stores one form of an address: the domain in lower-case ASCII, so one mailbox holds one account', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    expectOk(await browser.postJson(`${base}/signup`, { email: ' Zoe@BÜCHER.example ' }));
    expect((await lastMailTo(provider, 'Zoe@xn--bcher-kva.example')).subject).toBe('Your Test ID sign-up code');

    await newPerson(provider, app, 'one-mailbox@example.com');
    const mails = await lastMailTo(provider, 'one-mailbox@example.com');
    const again = new BrowserSession(provider.origin);
    const againBase = await openInteraction(again, (await app.startSignIn()).url);
    // What a mail library would strip to reach the same mailbox is refused, not a second account.
    expect((await again.postJson(`${againBase}/signup`, { email: 'one-mailbox\u007f@example.com' })).status).toBe(400);
    expectOk(await again.postJson(`${againBase}/signup`, { email: 'ONE-MAILBOX@Example.COM' }));
    expect(await lastMailTo(provider, 'one-mailbox@example.com')).not.toBe(mails);
    expect((await lastMailTo(provider, 'one-mailbox@example.com')).subject).toBe('Someone tried to sign up at Test ID with your address');
  });

  it('refuses names with control or bidi characters at sign-up and on the account page', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    for (const name of ['Ada\u001b[2J', 'Ada\nLovelace', 'Ada\u202eecalevol', 'Ada\u007f']) {
      const refused = await browser.postJson(`${base}/signup`, { email: 'named@example.com', name });
      expect([refused.status, refused.json.error]).toEqual([400, 'name_invalid']);
    }
    const person = await newPerson(provider, app, 'renamed@example.com');
    const refused = await person.browser.postJson('/account/profile', { name: 'Grace\u202eHopper' });
    expect([refused.status, refused.json.error, refused.json.field]).toEqual([400, 'name_invalid', 'name']);
    expect((await provider.store.people.findById(person.sub))!.name).toBe('Ada Lovelace');
    expectOk(await person.browser.postJson('/account/profile', { name: 'Zoë 👩‍💻 Ωmega' }));
  });

  async function idp(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => provider.store,
      openMail: async () => ({ mailer: provider.mailer, issuer: provider.issuer, recoveryLinkMinutes: 10 }),
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
    });
    return { code, stdout, stderr };
  }

  it('refuses the same addresses for invitations and idp users recover', async () => {
    for (const [, email] of bad) {
      const invited = await idp('invitations', 'create', '--email', email, '--print');
      expect([email, invited.code]).toEqual([email, 2]);
      expect(invited.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect((await idp('users', 'recover', email)).code).toBe(2);
    }
    expect(await provider.store.invitations.list()).toEqual([]);
  });

  it('prints stored names and addresses with control characters escaped, in text and in JSON', async () => {
    // Written straight to the store, as an account made before these rules could be.
    await provider.store.people.insert({
      id: 'sub-escape', webauthnUserId: 'handle-escape', email: 'evil\u001b]0;pwned\u0007@example.com', emailVerified: true,
      name: 'Mallory\u001b[2J\u202e\nroot',
    });
    const text = await idp('users', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    const line = text.stdout.split('\n').find((row) => row.startsWith('sub-escape'))!;
    expect(line).toContain('evil\\u001b]0;pwned\\u0007@example.com');
    expect(line).toContain('(Mallory\\u001b[2J\\u202e\\u000aroot)');

    const json = await idp('users', 'list', '--json');
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    const listed = (JSON.parse(json.stdout) as Array<{ sub: string; name: string }>).find((user) => user.sub === 'sub-escape');
    expect(listed!.name).toBe('Mallory\u001b[2J\u202e\nroot');
  });
});
