/**
 * The SMTP path, through nodemailer's real SMTP transport to a real SMTP server in this process.
 */
import type { AddressObject, ParsedMail } from 'mailparser';
import { loadSettings, type Settings } from '../../src/config/settings.js';
import { linkTo } from '../../src/email/links.js';
import { createMailer, MailDeliveryError, type MailService } from '../../src/email/mailer.js';
import { createMemoryLogger } from '../../src/log.js';
import { startSmtpCapture, type Answer, type SmtpCapture } from '../support/smtpCapture.js';

const ISSUER = 'https://id.example.test/idp';
const MAIL_FROM = 'Example ID <no-reply@id.example.test>';

let capture: SmtpCapture | null = null;
let mailer: MailService | null = null;
afterEach(async () => {
  mailer?.close();
  await capture?.close();
  capture = mailer = null;
});

function settingsFor(smtpUrl: string): Settings {
  return loadSettings({ IDP_ISSUER: ISSUER, SMTP_URL: smtpUrl, MAIL_FROM, IDP_NAME: 'Example ID', NODE_ENV: 'production' });
}

async function setUp(answer?: Answer) {
  capture = await startSmtpCapture(answer);
  const log = createMemoryLogger();
  const pauses: number[] = [];
  mailer = createMailer({ settings: settingsFor(capture.url), log, sleep: async (ms) => void pauses.push(ms) });
  return { capture, mailer, log, pauses };
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

  it('refuses a link that is not under the issuer, as one built from a Host header would be, before any delivery', async () => {
    const { capture, mailer } = await setUp();
    const fromHost = 'https://attacker.example/idp/recover/tok_123';
    const lookalike = 'https://id.example.test.attacker.example/idp/recover/tok_123';
    const sibling = 'https://id.example.test/idp-other/recover/tok_123';
    for (const link of [fromHost, lookalike, sibling]) {
      await expect(mailer.send({ to: 'ada@example.org', template: 'recovery-link', values: { link, minutes: 7 } })).rejects.toThrow(/not under the issuer/);
    }
    await expect(
      mailer.send({ to: 'ada@example.org', template: 'signup-existing', values: { signInUrl: 'https://attacker.example/' } }),
    ).rejects.toThrow(/not under the issuer/);
    expect(capture.attempts).toBe(0);
  });

  it('refuses a recipient that is not one single address', async () => {
    const { capture, mailer } = await setUp();
    for (const to of ['ada@example.org, eve@attacker.example', 'Eve <eve@attacker.example>', 'ada@example.org\r\nBcc: eve@attacker.example']) {
      await expect(mailer.send({ to, template: 'email-changed', values: { time: new Date() } })).rejects.toThrow(/single address/);
    }
    expect(capture.attempts).toBe(0);
  });

  it('retries a temporary refusal and delivers the mail on the next attempt', async () => {
    const { capture, mailer, log, pauses } = await setUp((attempt) => (attempt === 1 ? { code: 451, message: 'Try again later' } : null));
    await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '123456', minutes: 10 } });

    expect(capture.attempts).toBe(2);
    expect((await capture.nextMail()).text).toContain('123456');
    expect(pauses).toEqual([200]);
    expect(log.lines.map((line) => line.event)).toEqual(['mail.retry', 'mail.sent']);
    expect(log.lines[1]).toMatchObject({ template: 'signup-code', transport: 'smtp', attempts: 2, recipientDomain: 'example.org' });
  });

  it('raises MailDeliveryError after three attempts when the server keeps refusing for now', async () => {
    const { capture, mailer, log, pauses } = await setUp(() => ({ code: 451, message: 'Try again later' }));
    const sending = mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '123456', minutes: 10 } });

    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ attempts: 3, permanent: false, template: 'signup-code' });
    expect(capture.attempts).toBe(3);
    expect(capture.mails).toHaveLength(0);
    expect(pauses).toEqual([200, 1000]);
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', event: 'mail.failed', attempts: 3 });
  });

  it('raises MailDeliveryError at once when the server refuses for good (5xx)', async () => {
    const { capture, mailer, log } = await setUp(() => ({ code: 550, message: 'Mailbox unavailable' }));
    const sending = mailer.send({ to: 'ada@example.org', template: 'signup-existing', values: { signInUrl: linkTo(ISSUER, '/') } });

    await expect(sending).rejects.toMatchObject({ name: 'MailDeliveryError', attempts: 1, permanent: true });
    expect(capture.attempts).toBe(1);
    expect(log.lines.map((line) => line.event)).toEqual(['mail.failed']);
  });

  it('retries when no server answers, then raises MailDeliveryError', async () => {
    const gone = await startSmtpCapture();
    const url = gone.url;
    await gone.close();
    const pauses: number[] = [];
    mailer = createMailer({ settings: settingsFor(url), log: createMemoryLogger(), sleep: async (ms) => void pauses.push(ms) });

    await expect(mailer.send({ to: 'ada@example.org', template: 'passkey-removed', values: { time: new Date() } })).rejects.toMatchObject({
      name: 'MailDeliveryError',
      attempts: 3,
    });
    expect(pauses).toEqual([200, 1000]);
  });

  it('says nothing in its error message that tells which mail failed (the page may show it)', async () => {
    const { mailer } = await setUp(() => ({ code: 550, message: 'No' }));
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

    const logged = JSON.stringify(log.lines);
    expect(log.lines.filter((line) => line.event === 'mail.sent')).toHaveLength(2);
    expect(logged).not.toContain('987654');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('valid for');
  });
});
