/**
 * The mail path: queued in the store's outbox, sent by the outbox worker through nodemailer's real
 * SMTP transport to a real SMTP server in this process.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressObject, ParsedMail } from 'mailparser';
import { loadSettings, type Settings } from '../../src/config/settings.js';
import { linkTo } from '../../src/email/links.js';
import { createMailer, MailDeliveryError, type MailService } from '../../src/email/mailer.js';
import { retryDelay } from '../../src/email/attemptMail.js';
import { createMemoryLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { startSmtpCapture, type Answer, type SmtpCapture } from '../support/smtpCapture.js';

const ISSUER = 'https://id.example.test/idp';
const MAIL_FROM = 'Example ID <no-reply@id.example.test>';

let capture: SmtpCapture | null = null;
let mailer: MailService | null = null;
let store: Store | null = null;
afterEach(async () => {
  await mailer?.close();
  await capture?.close();
  await store?.close();
  capture = mailer = store = null;
});

function settingsFor(smtpUrl: string, env: Record<string, string> = {}): Settings {
  return loadSettings({ IDP_ISSUER: ISSUER, SMTP_URL: smtpUrl, MAIL_FROM, IDP_NAME: 'Example ID', NODE_ENV: 'production', ...env });
}

async function setUp(answer?: Answer, env: Record<string, string> = {}) {
  capture = await startSmtpCapture(answer);
  store = await openStore('sqlite::memory:');
  const log = createMemoryLogger();
  mailer = createMailer({ settings: settingsFor(capture.url, env), log, store, retryBaseMs: 1, pollMs: 10 });
  return { capture, mailer, log, store };
}

function addresses(field: AddressObject | AddressObject[] | undefined) {
  return [field ?? []].flat().flatMap((object) => object.value);
}

/** Every http(s) URL in the text part and every href in the HTML part. */
function linksIn(mail: ParsedMail): string[] {
  const text = mail.text?.match(/https?:\/\/\S+/g) ?? [];
  const html = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  return [...text, ...html];
}

describe('mailer over SMTP', () => {
  it('delivers a sign-up code as a text and an HTML part, from MAIL_FROM, to the one recipient', async () => {
    const { capture, mailer } = await setUp();
    await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '042917', minutes: 10 } });
    const mail = await capture.nextMail();

    expect(mail.subject).toBe('Your Example ID sign-up code');
    expect(addresses(mail.from)).toEqual([{ address: 'no-reply@id.example.test', name: 'Example ID' }]);
    expect(addresses(mail.to).map((a) => a.address)).toEqual(['ada@example.org']);
    expect(mail.text).toContain('042917');
    expect(mail.text).toContain('valid for 10 minutes');
    expect(mail.html).toContain('042917');
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
  });

  it('puts a recovery link in both parts, and every link in the mail starts with the issuer', async () => {
    const { capture, mailer } = await setUp();
    const link = linkTo(ISSUER, '/recover/tok_123', { from: 'mail' });
    await mailer.send({ to: 'ada@example.org', template: 'recovery-link', values: { link, minutes: 7 } });
    const mail = await capture.nextMail();

    expect(link).toBe('https://id.example.test/idp/recover/tok_123?from=mail');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link.replace('&', '&amp;')}"`);
    const links = linksIn(mail);
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const found of links) expect(found.startsWith(ISSUER)).toBe(true);
  });

  it('refuses a link that is not under the issuer, as one built from a Host header would be, before anything is queued', async () => {
    const { capture, mailer, store } = await setUp();
    const fromHost = 'https://attacker.example/idp/recover/tok_123';
    const lookalike = 'https://id.example.test.attacker.example/idp/recover/tok_123';
    const sibling = 'https://id.example.test/idp-other/recover/tok_123';
    for (const link of [fromHost, lookalike, sibling]) {
      await expect(mailer.send({ to: 'ada@example.org', template: 'recovery-link', values: { link, minutes: 7 } })).rejects.toThrow(/not under the issuer/);
    }
    await expect(
      mailer.send({ to: 'ada@example.org', template: 'signup-existing', values: { signInUrl: 'https://attacker.example/' } }),
    ).rejects.toThrow(/not under the issuer/);
    await mailer.deliverDue();
    expect(await store.outbox.list({ limit: 10 })).toEqual([]);
    expect(capture.attempts).toBe(0);
  });

  it('refuses a recipient that is not one single address', async () => {
    const { capture, mailer, store } = await setUp();
    for (const to of ['ada@example.org, eve@attacker.example', 'Eve <eve@attacker.example>', 'ada@example.org\r\nBcc: eve@attacker.example']) {
      await expect(mailer.send({ to, template: 'email-changed', values: { time: new Date() } })).rejects.toThrow(/single address/);
    }
    await mailer.deliverDue();
    expect(await store.outbox.list({ limit: 10 })).toEqual([]);
    expect(capture.attempts).toBe(0);
  });

  it('answers before the SMTP server has even greeted, with the mail saved in the outbox', async () => {
    // A server that takes connections and never says a word: a send that waited for it would hang.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    store = await openStore('sqlite::memory:');
    mailer = createMailer({ settings: settingsFor(`smtp://127.0.0.1:${port}`), log: createMemoryLogger(), store, pollMs: 60_000 });
    try {
      await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '042917', minutes: 10 } });
      const [queued] = await store.outbox.list({ limit: 10 });
      expect(queued).toMatchObject({ state: 'queued', to: 'ada@example.org', template: 'signup-code', subject: 'Your Example ID sign-up code' });
      expect(queued!.text).toContain('042917');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('says "could not send" when the outbox cannot save the mail, and offers nothing to the server', async () => {
    const { capture, mailer, store } = await setUp();
    store.outbox.enqueue = async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    const sending = mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '123456', minutes: 10 } });

    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ code: 'mail_failed', status: 503, attempts: 0 });
    await mailer.deliverDue();
    expect(capture.attempts).toBe(0);
  });

  it('retries a temporary refusal and delivers the mail on the next attempt', async () => {
    const { capture, mailer, log, store } = await setUp((attempt) => (attempt === 1 ? { code: 451, message: 'Try again later' } : null));
    await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '123456', minutes: 10 } });

    expect((await capture.nextMail()).text).toContain('123456');
    await mailer.deliverDue();
    expect(capture.attempts).toBe(2);
    expect(log.lines.map((line) => line.event)).toEqual(['mail.queued', 'mail.retry', 'mail.sent']);
    expect(log.lines[2]).toMatchObject({ template: 'signup-code', transport: 'smtp', attempts: 2, recipientDomain: 'example.org' });
    const [sent] = await store.outbox.list({ limit: 1 });
    expect(sent).toMatchObject({ state: 'sent', attempts: 2, text: '', html: '' });
  });

  it('gives a mail up as failed after MAIL_MAX_ATTEMPTS temporary refusals, and logs it as an error', async () => {
    const { capture, mailer, log, store } = await setUp(() => ({ code: 451, message: 'Try again later' }), { MAIL_MAX_ATTEMPTS: '3' });
    await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '123456', minutes: 10 } });

    const failed = await waitFor(async () => (await store.outbox.list({ state: 'failed', limit: 1 }))[0]);
    await mailer.deliverDue();
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, lastError: expect.stringContaining('451') });
    expect(capture.attempts).toBe(3);
    expect(capture.mails).toHaveLength(0);
    expect(log.lines.filter((line) => line.event === 'mail.retry')).toHaveLength(2);
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', event: 'mail.failed', attempts: 3, permanent: false, template: 'signup-code', id: failed.id });
  });

  it('gives a mail up at once when the server refuses it for good (5xx)', async () => {
    const { capture, mailer, log, store } = await setUp(() => ({ code: 550, message: 'Mailbox unavailable' }));
    await mailer.send({ to: 'ada@example.org', template: 'signup-existing', values: { signInUrl: linkTo(ISSUER, '/') } });
    await mailer.deliverDue();

    expect(await store.outbox.countByState()).toEqual({ queued: 0, sent: 0, failed: 1 });
    expect(capture.attempts).toBe(1);
    expect(log.lines.map((line) => line.event)).toEqual(['mail.queued', 'mail.failed']);
    expect(log.lines[1]).toMatchObject({ permanent: true, attempts: 1 });
  });

  it('keeps the mail queued while no SMTP server answers, and delivers it once the server is back', async () => {
    const gone = await startSmtpCapture();
    const port = Number(new URL(gone.url).port);
    await gone.close();
    store = await openStore('sqlite::memory:');
    const log = createMemoryLogger();
    mailer = createMailer({ settings: settingsFor(gone.url), log, store, retryBaseMs: 1, pollMs: 10 });

    await mailer.send({ to: 'ada@example.org', template: 'passkey-removed', values: { time: new Date() } });
    const retried = await waitFor(async () => {
      const [mail] = await store!.outbox.list({ limit: 1 });
      return mail && mail.attempts >= 2 ? mail : undefined;
    });
    expect(retried).toMatchObject({ state: 'queued', lastError: expect.stringContaining('ECONNREFUSED') });

    capture = await startSmtpCapture(undefined, { port });
    expect((await capture.nextMail()).subject).toMatch(/passkey was removed/);
    await waitFor(async () => (await store!.outbox.countByState()).sent === 1 || undefined);
    expect(log.lines.filter((line) => line.event === 'mail.sent')).toHaveLength(1);
  });

  it('says nothing in its error message that tells which mail was not saved (the page may show it)', async () => {
    const { mailer, store } = await setUp();
    store.outbox.enqueue = async () => {
      throw new Error('store down');
    };
    const errors = await Promise.all([
      mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '123456', minutes: 10 } }).catch((e: Error) => e.message),
      mailer.send({ to: 'ada@example.org', template: 'signup-existing', values: { signInUrl: linkTo(ISSUER, '/') } }).catch((e: Error) => e.message),
    ]);
    expect(errors[0]).toBe(errors[1]);
    expect(errors[0]).not.toMatch(/signup/);
  });

  it('never writes the code, the link or the text of a mail to the log', async () => {
    const { capture, mailer, log } = await setUp((attempt) => (attempt === 1 ? { code: 451, message: 'Later' } : null));
    const token = 'tok_secret_5f2c1a';
    await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '987654', minutes: 10 } });
    await mailer.send({ to: 'ada@example.org', template: 'recovery-link', values: { link: linkTo(ISSUER, `/recover/${token}`), minutes: 10 } });
    await capture.nextMail();
    await capture.nextMail();
    await mailer.deliverDue();

    const logged = JSON.stringify(log.lines);
    expect(log.lines.filter((line) => line.event === 'mail.sent')).toHaveLength(2);
    expect(logged).not.toContain('987654');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('valid for');
  });
});

/** Polls `check` until it returns something (the worker runs beside the test), for up to 10 s. */
async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('the outbox did not reach the expected state within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('outbox settings and backoff', () => {
  it('defaults to 8 attempts, 30 s before the first retry and 14 days kept, and names a setting out of range', () => {
    expect(settingsFor('smtp://127.0.0.1:25')).toMatchObject({ mailMaxAttempts: 8, mailRetrySeconds: 30, mailKeepDays: 14 });
    expect(settingsFor('smtp://127.0.0.1:25', { MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_SECONDS: '5', MAIL_KEEP_DAYS: '1' }))
      .toMatchObject({ mailMaxAttempts: 3, mailRetrySeconds: 5, mailKeepDays: 1 });
    expect(() => settingsFor('smtp://127.0.0.1:25', { MAIL_MAX_ATTEMPTS: '0' })).toThrow(/MAIL_MAX_ATTEMPTS/);
    expect(() => settingsFor('smtp://127.0.0.1:25', { MAIL_MAX_ATTEMPTS: '31' })).toThrow(/MAIL_MAX_ATTEMPTS/);
    expect(() => settingsFor('smtp://127.0.0.1:25', { MAIL_RETRY_SECONDS: '1.5' })).toThrow(/MAIL_RETRY_SECONDS/);
    expect(() => settingsFor('smtp://127.0.0.1:25', { MAIL_KEEP_DAYS: 'forever' })).toThrow(/MAIL_KEEP_DAYS/);
  });

  it('doubles the pause after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 30].map((attempt) => retryDelay(attempt, 30_000) / 1000)).toEqual([30, 60, 120, 240, 1920, 3600, 3600]);
  });
});
