/**
 * `idp mail list` and `idp mail retry`, run in-process against the store a mailer sends from, with a
 * real SMTP server that refuses for good until told otherwise.
 */
import { runCli } from '../../src/cli/run.js';
import { loadSettings } from '../../src/config/settings.js';
import { createMailer, type MailService } from '../../src/email/mailer.js';
import { createMemoryLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

describe('idp mail', () => {
  let store: Store;
  let smtp: SmtpCapture;
  let mailer: MailService;
  let refuse = true;
  const log = createMemoryLogger();

  beforeEach(async () => {
    refuse = true;
    store = await openStore('sqlite::memory:');
    smtp = await startSmtpCapture(() => (refuse ? { code: 550, message: 'Mailbox unavailable' } : null));
    const settings = loadSettings({ IDP_ISSUER: 'https://id.example.test', SMTP_URL: smtp.url, NODE_ENV: 'production', MAIL_MAX_ATTEMPTS: '2' });
    // Strictly increasing, so that "newest first" has one answer.
    let last = 0;
    mailer = createMailer({ settings, log, store, retryBaseMs: 1, pollMs: 10, now: () => (last = Math.max(last + 1, Date.now())) });
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
      openMail: async () => { throw new Error('no mail is sent by these commands'); },
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
    });
    return { code, stdout, stderr };
  }

  async function failedMail(to: string) {
    await mailer.send({ to, template: 'signup-code', values: { code: '271828', minutes: 10 } });
    await mailer.deliverDue();
  }

  it('lists a mail refused for good as failed, with its error and never its text, and retry sends it', async () => {
    await failedMail('ada@example.org');
    await mailer.send({ to: 'bob@example.org', template: 'email-changed', values: { time: new Date() } });
    await mailer.deliverDue();

    const listed = await idp('mail', 'list', '--failed', '--json');
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ state: 'failed', to: 'ada@example.org', template: 'signup-code', attempts: 1, last_error: expect.stringContaining('550') });
    expect(listed.stdout).not.toContain('271828');
    const text = await idp('mail', 'list', '--failed');
    expect(text.stdout).toContain(`${rows[1]!.id as string}  failed  ada@example.org  signup-code  attempts=1`);

    refuse = false;
    const retried = await idp('mail', 'retry', rows[1]!.id as string);
    expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining('Queued mail') });
    const [recorded] = await store.audit.list({ types: ['admin_action'], limit: 5 });
    expect(recorded).toMatchObject({ detail: { command: 'mail retry', arguments: [rows[1]!.id] } });
    expect((await smtp.nextMail()).text).toContain('271828');
    await mailer.deliverDue();
    const after = JSON.parse((await idp('mail', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(after.map((mail) => [mail.to, mail.state, mail.round])).toEqual([['bob@example.org', 'failed', 0], ['ada@example.org', 'sent', 1]]);
    expect(smtp.mails).toHaveLength(1);
  });

  it('sends every failed mail again with --all-failed', async () => {
    await failedMail('ada@example.org');
    await failedMail('bob@example.org');
    refuse = false;

    const retried = await idp('mail', 'retry', '--all-failed');
    expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining('Queued 2 failed mails again') });
    await smtp.nextMail();
    await smtp.nextMail();
    await mailer.deliverDue();
    expect(await store.outbox.countByState()).toEqual({ queued: 0, sent: 2, failed: 0 });
    expect((await idp('mail', 'list', '--failed')).stdout).toBe('No failed mails.\n');
  });

  it('refuses to send again a mail that is not failed, or unknown, and changes nothing', async () => {
    refuse = false;
    await mailer.send({ to: 'ada@example.org', template: 'email-changed', values: { time: new Date() } });
    await smtp.nextMail();
    await mailer.deliverDue();
    const [sent] = await store.outbox.list({ limit: 1 });

    expect(await idp('mail', 'retry', sent!.id)).toMatchObject({ code: 1, stderr: expect.stringContaining('is sent, not failed') });
    expect(await idp('mail', 'retry', 'no-such-mail')).toMatchObject({ code: 1, stderr: expect.stringContaining('No mail no-such-mail') });
    expect(await idp('mail', 'retry')).toMatchObject({ code: 2, stderr: expect.stringContaining('missing ID') });
    expect(await idp('mail', 'list', '--limit', 'lots')).toMatchObject({ code: 2 });
    expect(await store.outbox.find(sent!.id)).toMatchObject({ state: 'sent', round: 0 });
    expect(smtp.attempts).toBe(1);
  });

  it('says when the outbox is empty', async () => {
    expect(await idp('mail', 'list')).toMatchObject({ code: 0, stdout: 'The outbox is empty.\n' });
    expect(await idp('mail', 'list', '--json')).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});
