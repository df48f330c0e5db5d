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

  it('fails without mailing anyone for an unknown address or a malformed one', async () => {
    expect(await idp('users', 'recover', 'nobody@example.com')).toMatchObject({ code: 1, stderr: expect.stringContaining('No account') });
    expect(await idp('users', 'recover', 'not-an-address')).toMatchObject({ code: 2 });
    expect(smtp.attempts).toBe(0);
  });
});
