import type { MailService } from '../../src/email/mailer.js';
import { createMailer } from '../../src/email/mailer.js';
import { runCli } from '../../src/cli/run.js';
import { createMemoryLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

describe('idp users', () => {
  let store: Store;
  let smtp: SmtpCapture;
  let mailer: MailService;
  const issuer = 'https://id.example.com';

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    smtp = await startSmtpCapture();
    mailer = createMailer({
      settings: {
        port: 0, host: '127.0.0.1', issuer, databaseUrl: 'sqlite::memory:', production: false, rpName: 'Test ID', trustProxy: false,
        smtpUrl: smtp.url, mailFrom: 'Test ID <no-reply@example.com>', recoveryLinkMinutes: 7, recoveryRemovesOldPasskeys: false,
        signUp: 'invite', signUpEmailDomains: [], logoutConfirmation: 'when-needed', auditRetentionDays: 90, newDeviceAlerts: false, metricsToken: null,
        mailMaxAttempts: 8, mailRetrySeconds: 30, mailKeepDays: 14,
      },
      log: createMemoryLogger(),
      store,
    });
    await store.people.insert({ id: 'sub-ada', webauthnUserId: 'handle-ada', email: 'Ada@Example.com', emailVerified: true, name: 'Ada' });
  });
  afterEach(async () => {
    await mailer.close();
    await smtp.close();
    await store.close();
  });

  async function idp(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => store,
      openMail: async () => ({ mailer, issuer, recoveryLinkMinutes: 7 }),
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
    });
    // As the real command does before it exits (src/cli/main.ts): the mail attempts under way end.
    await mailer.deliverDue();
    return { code, stdout, stderr };
  }

  it('lists accounts as JSON with their passkey count', async () => {
    const { code, stdout } = await idp('users', 'list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { sub: 'sub-ada', email: 'Ada@Example.com', email_verified: true, name: 'Ada', passkeys: 0, created_at: expect.any(String) },
    ]);
  });

  it('mails the stored address a recovery link under the issuer, and never prints the link', async () => {
    const { code, stdout } = await idp('users', 'recover', 'ada@example.com');
    expect(code).toBe(0);
    expect(stdout).toContain('valid for 7 minutes');
    const mail = await smtp.nextMail();
    // The stored address (local part 'Ada'), not the one typed; SMTP lower-cases the domain.
    expect(mail.to).toMatchObject({ text: 'Ada@example.com' });
    const link = /https:\/\/id\.example\.com\/recover\/[A-Za-z0-9_-]{43}/.exec(mail.text!)?.[0];
    expect(link).toBeTruthy();
    expect(stdout).not.toContain(link!.split('/').pop());
  });

  it('tells a disabled account by mail in its saved language, German here, and others in the default language', async () => {
    await store.people.insert({ id: 'sub-jonas', webauthnUserId: 'handle-jonas', email: 'jonas@example.com', emailVerified: true, name: 'Jonas', locale: 'de-AT' });
    expect(await idp('users', 'disable', 'jonas@example.com')).toMatchObject({ code: 0, stderr: '' });
    const german = await smtp.mailTo('jonas@example.com', 'deaktiviert');
    expect(german.subject).toBe('Dein Konto bei Test ID wurde deaktiviert');
    expect(german.text).toContain('hat dein Konto am');
    // Outside a request times are in UTC, with the German month name.
    expect(german.text).toMatch(/am \d{1,2}\. [A-Za-zä]+ \d{4} um \d{2}:\d{2} UTC/);

    expect(await idp('users', 'disable', 'ada@example.com')).toMatchObject({ code: 0 });
    expect((await smtp.mailTo('Ada@example.com', 'disabled')).subject).toBe('Your Test ID account was disabled');

    // Disabling again changes nothing, and mails nothing.
    expect(await idp('users', 'disable', 'jonas@example.com')).toMatchObject({ code: 0 });
    expect(smtp.mails).toHaveLength(2);
  });

  it('keeps an account disabled when the notice cannot be mailed, and says so on stderr', async () => {
    let stderr = '';
    const code = await runCli(['users', 'disable', 'ada@example.com'], {
      openStore: async () => store,
      openMail: async () => { throw new Error('SMTP_URL is required in production'); },
      out: () => {},
      err: (text) => { stderr += text; },
    });
    expect(code).toBe(0);
    expect((await store.people.findById('sub-ada'))?.disabledAt).toBeInstanceOf(Date);
    expect(stderr).toContain('idp users disable: done, but no notice could be mailed: SMTP_URL is required in production');
  });

  it('fails without mailing anyone for an unknown address or a malformed one', async () => {
    expect(await idp('users', 'recover', 'nobody@example.com')).toMatchObject({ code: 1, stderr: expect.stringContaining('No account') });
    expect(await idp('users', 'recover', 'not-an-address')).toMatchObject({ code: 2 });
    expect(smtp.attempts).toBe(0);
  });
});
