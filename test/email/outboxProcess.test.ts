/**
 * The outbox in the provider as people run it (`node dist/src/main.js`, SQLite): a mail outlives an
 * SMTP server that refuses it, `idp mail list` shows it waiting, it leaves once the server takes mail
 * again, and SIGTERM lets an attempt under way end before the process exits.
 */
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { RelyingApp } from '../support/relyingApp.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

let smtp: SmtpCapture | null = null;
let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.stop();
  await smtp?.close();
  server = smtp = null;
});

async function askForCode(server: ServerProcess, email: string): Promise<number> {
  const registered = JSON.parse(await server.idp(['clients', 'add', '--name', 'App', '--redirect-uri', 'https://app.example/callback', '--first-party', '--json'])) as
    { client_id: string; client_secret: string };
  const app = await RelyingApp.discover(server.issuer, {
    clientId: registered.client_id, clientSecret: registered.client_secret, redirectUri: 'https://app.example/callback', postLogoutRedirectUri: 'https://app.example/',
  });
  const browser = new BrowserSession(server.issuer);
  const base = await openInteraction(browser, (await app.startSignIn()).url);
  return (await browser.postJson(`${base}/signup`, { email })).status;
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await new Promise((done) => setTimeout(done, 100))) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
  }
}

describe('the mail outbox of the provider process', () => {
  it('keeps a mail while SMTP refuses it, shows it in idp mail list, and sends it once SMTP takes mail again', async () => {
    let refuse = true;
    smtp = await startSmtpCapture(() => (refuse ? { code: 421, message: 'Service not available' } : null));
    server = await startServerProcess({ smtpUrl: smtp.url, env: { MAIL_RETRY_SECONDS: '1' } });

    expect(await askForCode(server, 'patient@example.com')).toBe(200);
    await until(() => smtp!.attempts >= 1, 'a first attempt');
    const listMails = async () => JSON.parse(await server!.idp(['mail', 'list', '--json'])) as Array<{ to: string; state: string; attempts: number; last_error: string | null }>;
    await until(async () => (await listMails())[0]?.attempts === 1, 'the attempt to be recorded');
    expect((await listMails())[0]).toMatchObject({ to: 'patient@example.com', state: 'queued', last_error: expect.stringContaining('421') });

    refuse = false;
    const mail = await smtp.mailTo('patient@example.com', 'sign-up code', 30_000);
    expect(mail.text).toMatch(/\b\d{6}\b/);
    await until(async () => (await listMails())[0]?.state === 'sent', 'the mail to be recorded as sent');
    expect(smtp.mails).toHaveLength(1);
  }, 120_000);

  it('on SIGTERM lets the attempt under way end, then exits 0', async () => {
    smtp = await startSmtpCapture(undefined, { replyAfterMs: 1500 });
    server = await startServerProcess({ smtpUrl: smtp.url });

    expect(await askForCode(server, 'leaving@example.com')).toBe(200);
    await until(() => smtp!.attempts === 1, 'the attempt to begin');
    server.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(smtp.mails.map((mail) => mail.subject)).toEqual([expect.stringContaining('sign-up code')]);
    expect(server.log()).toMatch(/"event":"mail.sent"/);
  }, 120_000);
});
