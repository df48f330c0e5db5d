/**
 * Without SMTP_URL (development only) the outbox worker hands mail to the development outbox: kept,
 * listed, logged.
 */
import { loadSettings, type Settings } from '../../src/config/settings.js';
import { linkTo } from '../../src/email/links.js';
import { createMailer, type MailerDeps, type MailService } from '../../src/email/mailer.js';
import { createDevelopmentOutbox } from '../../src/email/outbox.js';
import { createViews } from '../../src/http/views.js';
import { createMemoryLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

const ISSUER = 'http://localhost:4000';
const settings = loadSettings({ IDP_ISSUER: ISSUER, NODE_ENV: 'development', SMTP_URL: '' });

let store: Store;
const mailers: MailService[] = [];
beforeEach(async () => {
  store = await openStore('sqlite::memory:');
});
afterEach(async () => {
  for (const mailer of mailers.splice(0)) await mailer.close();
  await store.close();
});

/** A mailer on this test's store, closed after the test. */
function mailerWith(deps: Partial<MailerDeps> & Pick<MailerDeps, 'log'>): MailService {
  const mailer = createMailer({ settings, store, ...deps });
  mailers.push(mailer);
  return mailer;
}

describe('development outbox', () => {
  it('records each mail, lists them newest first, and says loudly, once, that nothing is delivered', async () => {
    const log = createMemoryLogger();
    const mailer = mailerWith({ log });
    await mailer.send({ to: 'ada@example.org', template: 'signup-code', values: { code: '314159', minutes: 10 } });
    await mailer.send({ to: 'ada@example.org', template: 'recovery-link', values: { link: linkTo(ISSUER, '/recover/tok'), minutes: 5 } });
    await mailer.deliverDue();

    const listed = mailer.outbox!.list();
    expect(listed.map((mail) => [mail.id, mail.template, mail.to])).toEqual([
      [2, 'recovery-link', 'ada@example.org'],
      [1, 'signup-code', 'ada@example.org'],
    ]);
    expect(listed[0]!.links).toEqual([`${ISSUER}/recover/tok`]);
    expect(listed[1]!.text).toContain('314159');
    expect(listed[1]!.html).toContain('314159');
    expect(log.lines.filter((line) => line.event === 'mail.development_outbox')).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: 'warn', event: 'mail.development_outbox' });
    // The developer is told where the mail is; its code and link stay out of the log.
    expect(log.lines.find((line) => line.event === 'mail.outbox')).toMatchObject({ template: 'signup-code', page: '/dev/outbox' });
    expect(JSON.stringify(log.lines)).not.toMatch(/314159|recover\/tok/);
    expect(log.lines.filter((line) => line.event === 'mail.sent').map((line) => line.transport)).toEqual(['outbox', 'outbox']);
  });

  it('keeps only the most recent mails', () => {
    const outbox = createDevelopmentOutbox({ log: createMemoryLogger(), capacity: 2 });
    for (const n of [1, 2, 3]) outbox.record({ to: 'a@example.org', template: 'passkey-removed', subject: `s${n}`, text: '', html: '', links: [] });
    expect(outbox.list().map((mail) => mail.subject)).toEqual(['s3', 's2']);
  });

  it('uses the outbox it is given', async () => {
    const outbox = createDevelopmentOutbox({ log: createMemoryLogger() });
    const mailer = mailerWith({ log: createMemoryLogger(), outbox });
    await mailer.send({ to: 'ada@example.org', template: 'email-changed', values: { time: new Date() } });
    await mailer.deliverDue();
    expect(mailer.outbox).toBe(outbox);
    expect(outbox.list()).toHaveLength(1);
  });

  it('shows on the server\'s page a mail that a process which only queues (the idp command) left in the outbox', async () => {
    const command = mailerWith({ log: createMemoryLogger(), sends: false });
    const server = mailerWith({ log: createMemoryLogger(), pollMs: 60_000 });
    await command.send({ to: 'ada@example.org', template: 'recovery-link', values: { link: linkTo(ISSUER, '/recover/from-cli'), minutes: 5 } });
    await command.deliverDue();
    expect(command.outbox!.list()).toEqual([]);

    await server.deliverDue();
    expect(server.outbox!.list().map((mail) => mail.links)).toEqual([[`${ISSUER}/recover/from-cli`]]);
  });

  it('is never used in production, even if settings were built by hand', () => {
    const production: Settings = { ...settings, production: true, smtpUrl: null };
    expect(() => createMailer({ settings: production, log: createMemoryLogger(), store })).toThrow(/SMTP_URL is required/);
  });

  it('is not used when SMTP_URL is set', () => {
    const mailer = mailerWith({ settings: { ...settings, smtpUrl: 'smtp://127.0.0.1:1' }, log: createMemoryLogger() });
    expect(mailer.outbox).toBeNull();
  });

  it('lists its mails on the development page, escaped, with their links', async () => {
    const mailer = mailerWith({ log: createMemoryLogger() });
    await mailer.send({ to: 'ada@example.org', template: 'passkey-added', values: { time: new Date(), browser: '<script>x</script>' } });
    await mailer.send({ to: 'ada@example.org', template: 'recovery-link', values: { link: linkTo(ISSUER, '/recover/t', { a: '1', b: '2' }), minutes: 5 } });
    await mailer.deliverDue();
    const page = createViews({ siteName: 'Passkey ID' }).render('dev-outbox', { mails: mailer.outbox!.list() });

    expect(page).toContain('Mail is not delivered');
    expect(page).toContain(`href="${ISSUER}/recover/t?a=1&amp;b=2"`);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
