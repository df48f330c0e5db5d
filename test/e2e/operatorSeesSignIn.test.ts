/**
 * What an operator can see of a sign-in, tried as a new operator would: the built server in its own
 * process (SQLite file, mail over SMTP to a server in this process), an app registered with the `idp`
 * command and played by openid-client, and a person signing in with a real passkey in Chromium
 * (virtual authenticator). That sign-in is then found in `idp audit --json` (the real command, on the
 * same store), in the sign-in counter at /metrics (METRICS_TOKEN), and on the person's account page
 * under "Recent activity". With NEW_DEVICE_ALERTS on, a sign-in from a browser the account has not
 * used mails a notice; with it off (the default), the same sign-in mails nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';

import { APP_ORIGIN, launchChromium, openDevice, type PasskeyDevice, type VirtualCredential } from '../support/chromium.js';
import { RelyingApp, type PendingSignIn } from '../support/relyingApp.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

const METRICS_TOKEN = 'operator-metrics-token-0123456789';
/** Chrome as it presents itself on Windows: to the provider, another browser than the Linux one. */
const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

interface AuditRow {
  id: string; at: string; type: string; sub: string | null; email: string | null; client_id: string | null;
  ip: string | null; browser: string | null; detail: Record<string, unknown>;
}

interface Deployment { server: ServerProcess; app: RelyingApp; clientId: string }

let smtp: SmtpCapture;
let browser: Browser;
const servers: ServerProcess[] = [];
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  smtp = await startSmtpCapture();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  for (const server of servers) await server.stop();
  await smtp?.close();
});

async function deploy(env: Record<string, string>): Promise<Deployment> {
  const server = await startServerProcess({ smtpUrl: smtp.url, env });
  servers.push(server);
  const registered = JSON.parse(await server.idp([
    'clients', 'add', '--name', 'Example App', '--redirect-uri', `${APP_ORIGIN}/callback`, '--first-party', '--json',
  ])) as { client_id: string; client_secret: string };
  const app = await RelyingApp.discover(server.issuer, {
    clientId: registered.client_id, clientSecret: registered.client_secret, redirectUri: `${APP_ORIGIN}/callback`,
  });
  return { server, app, clientId: registered.client_id };
}

async function newDevice(options: Parameters<typeof openDevice>[1] = {}): Promise<PasskeyDevice> {
  const device = await openDevice(browser, options);
  devices.push(device);
  return device;
}

async function finishAtApp({ app }: Deployment, device: PasskeyDevice, pending: PendingSignIn): Promise<string> {
  const callback = await device.nextAppVisit();
  expect(callback.startsWith(`${APP_ORIGIN}/callback?`)).toBe(true);
  return (await app.finishSignIn(callback, pending)).claims()!.sub;
}

/** Signs a new person up at the app in `device`'s browser; returns their sub and the passkey it now holds. */
async function signUp(deployment: Deployment, device: PasskeyDevice, email: string): Promise<{ sub: string; passkey: VirtualCredential }> {
  const { page } = device;
  const pending = await deployment.app.startSignIn();
  await page.goto(pending.url);
  await page.getByRole('link', { name: 'Create an account' }).click();
  // The form is the page script's once the page has loaded; a click before that would submit it as a plain form.
  await page.waitForLoadState('load');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  const code = /\b(\d{6})\b/.exec((await smtp.mailTo(email, 'sign-up code')).text ?? '')?.[1];
  await page.getByLabel('6-digit code from the mail').fill(code!);
  await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
  await page.getByRole('link', { name: /^Not now/ }).click();
  const sub = await finishAtApp(deployment, device, pending);
  const [passkey] = await device.credentials();
  return { sub, passkey: passkey! };
}

/** Signs in at the app with the page's passkey button (a browser without passkey autofill); returns the sub. */
async function signIn(deployment: Deployment, device: PasskeyDevice): Promise<string> {
  const pending = await deployment.app.startSignIn({ prompt: 'login' });
  await device.page.goto(pending.url);
  await device.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  return finishAtApp(deployment, device, pending);
}

async function audit(server: ServerProcess, email: string): Promise<AuditRow[]> {
  return JSON.parse(await server.idp(['audit', '--email', email, '--type', 'sign_in', '--json'])) as AuditRow[];
}

/** `idp_sign_ins_total{via="sign-in"}` as Prometheus would scrape it. */
async function signInsCounted(server: ServerProcess): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const line = (await response.text()).split('\n').find((l) => l.startsWith('idp_sign_ins_total{via="sign-in"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('an operator sees a sign-in', () => {
  describe('with NEW_DEVICE_ALERTS on', () => {
    const email = 'grace@example.com';
    let deployment: Deployment;
    let sub: string;
    let passkey: VirtualCredential;
    let laptop: PasskeyDevice;

    beforeAll(async () => {
      deployment = await deploy({ METRICS_TOKEN, NEW_DEVICE_ALERTS: 'true' });
      laptop = await newDevice({ passkeyAutofill: false });
      ({ sub, passkey } = await signUp(deployment, laptop, email));
    }, 120_000);

    it('finds a passkey sign-in in idp audit --json, in /metrics, and on the account page', async () => {
      const counted = await signInsCounted(deployment.server);
      const startedAt = new Date(Date.now() - 1000);
      expect(await signIn(deployment, laptop)).toBe(sub);

      const [latest] = await audit(deployment.server, email);
      expect(latest).toMatchObject({
        type: 'sign_in', sub, email, client_id: deployment.clientId, ip: '127.0.0.1', browser: 'Chrome on Linux',
        detail: expect.objectContaining({ via: 'sign-in', credentialId: passkey.credentialId.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') }),
      });
      expect(new Date(latest!.at).getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
      // The browser it came from was already known (the sign-up): no alert.
      expect(latest!.detail.newDevice).toBeUndefined();

      expect(await signInsCounted(deployment.server)).toBe(counted + 1);

      // A new tab of the same browser: the person is signed in there.
      const account = await laptop.context.newPage();
      await account.goto(`${deployment.server.issuer}/account`);
      const items = account.getByRole('region', { name: 'Recent activity' }).getByRole('listitem');
      await expect(items.nth(0).getByText('Signed in', { exact: true }).isVisible()).resolves.toBe(true);
      expect(await items.nth(0).textContent()).toMatch(/Chrome on Linux, 127\.0\.0\.1 · app Example App/);
      await account.close();
    }, 120_000);

    it('mails a notice of a sign-in from a browser the account has not used', async () => {
      // The same passkey, synced to Chrome on another system.
      const [held] = await laptop.credentials();
      const desktop = await newDevice({ holding: [held!], passkeyAutofill: false, userAgent: CHROME_ON_WINDOWS });
      expect(await signIn(deployment, desktop)).toBe(sub);

      const notice = await smtp.mailTo(email, 'New sign-in');
      expect(notice.text).toContain('Chrome on Windows');
      expect(notice.text).toContain('127.0.0.1');
      const [latest] = await audit(deployment.server, email);
      expect(latest).toMatchObject({ browser: 'Chrome on Windows', detail: expect.objectContaining({ newDevice: true }) });
    }, 120_000);
  });

  describe('with NEW_DEVICE_ALERTS off (the default)', () => {
    it('mails nothing for a sign-in from a browser the account has not used, and still records it', async () => {
      const email = 'hedy@example.com';
      const deployment = await deploy({ METRICS_TOKEN });
      const laptop = await newDevice({ passkeyAutofill: false });
      const { sub, passkey } = await signUp(deployment, laptop, email);
      const desktop = await newDevice({ holding: [passkey], passkeyAutofill: false, userAgent: CHROME_ON_WINDOWS });
      expect(await signIn(deployment, desktop)).toBe(sub);

      const [latest] = await audit(deployment.server, email);
      expect(latest).toMatchObject({ type: 'sign_in', sub, browser: 'Chrome on Windows' });
      expect(latest!.detail.newDevice).toBeUndefined();
      // A notice would have been queued in the outbox before the sign-in answered: only the sign-up code is there.
      const queued = JSON.parse(await deployment.server.idp(['mail', 'list', '--json'])) as Array<{ to: string; template: string }>;
      expect(queued.filter((mail) => mail.to === email).map((mail) => mail.template)).toEqual(['signup-code']);
      expect(smtp.mails.filter((mail) => mail.subject?.includes('New sign-in') && JSON.stringify(mail.to).includes(email))).toEqual([]);
    }, 90_000);
  });
});
