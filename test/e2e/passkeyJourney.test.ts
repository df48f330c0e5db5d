/**
 * The journeys a person makes, end to end, with nothing stood in for: the built server in its own
 * process (SQLite file, mail over SMTP to a server in this process), the app registered with the
 * `idp` command and played by openid-client, and Chromium running our pages and scripts with a
 * virtual authenticator creating and using real passkeys. The tests share one account and run in
 * order: sign up, sign in elsewhere, lose the passkey, recover, sign in with the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { APP_ORIGIN, launchChromium, openDevice, type DeviceOptions, type PasskeyDevice, type VirtualCredential } from '../support/chromium.js';
import { RelyingApp, type PendingSignIn } from '../support/relyingApp.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

const email = 'ada@example.com';

let smtp: SmtpCapture;
let server: ServerProcess;
let browser: Browser;
let app: RelyingApp;
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startServerProcess({ smtpUrl: smtp.url });
  const registered = JSON.parse(await server.idp([
    'clients', 'add', '--name', 'Example App', '--redirect-uri', `${APP_ORIGIN}/callback`,
    '--post-logout-redirect-uri', `${APP_ORIGIN}/signed-out`, '--first-party', '--json',
  ])) as { client_id: string; client_secret: string };
  app = await RelyingApp.discover(server.issuer, {
    clientId: registered.client_id,
    clientSecret: registered.client_secret,
    redirectUri: `${APP_ORIGIN}/callback`,
    postLogoutRedirectUri: `${APP_ORIGIN}/signed-out`,
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function newDevice(options: DeviceOptions = {}): Promise<PasskeyDevice> {
  const device = await openDevice(browser, options);
  devices.push(device);
  return device;
}

/** Opens the app's authorization URL; the provider shows its sign-in page. */
async function startAtApp(page: Page) {
  const pending = await app.startSignIn();
  await page.goto(pending.url);
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  return pending;
}

/** Waits for the browser to come back to the app, and lets openid-client redeem the code, check the ID token and ask for userinfo. */
async function finishAtApp(device: PasskeyDevice, pending: PendingSignIn) {
  const callback = await device.nextAppVisit();
  expect(callback.startsWith(`${APP_ORIGIN}/callback?`)).toBe(true);
  const tokens = await app.finishSignIn(callback, pending);
  const claims = tokens.claims()!;
  return { claims, userinfo: await app.userinfo(tokens.access_token, claims.sub) };
}

/** Waits for the page's status region to match `pattern`; resolves with its whole text. */
async function statusSays(page: Page, pattern: RegExp): Promise<string> {
  const status = page.getByRole('status');
  await status.filter({ hasText: pattern }).waitFor({ timeout: 10_000 });
  return (await status.textContent()) ?? '';
}

/** Usernameless sign-in with the button, on a browser without passkey autofill (see openDevice). */
async function signInWithButton(device: PasskeyDevice): Promise<string> {
  const pending = await startAtApp(device.page);
  await device.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  return (await finishAtApp(device, pending)).claims.sub;
}

describe('passkey journeys in Chromium', () => {
  let sub: string;
  // The passkey as a sync service holds it: refreshed from the device that used it last.
  let synced: VirtualCredential;
  let lostDevice: PasskeyDevice;

  it('signs a new person up at the app: mailed code, passkey from the authenticator, ID token for the app', async () => {
    const device = await newDevice();
    const { page } = device;
    const pending = await startAtApp(page);

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    const code = /\b(\d{6})\b/.exec((await smtp.mailTo(email, 'sign-up code')).text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('6-digit code from the mail').fill(code!);
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    // Sign-up offers a backup passkey before going back to the app; this journey skips it.
    await page.getByRole('link', { name: /^Not now/ }).click();

    const { claims, userinfo } = await finishAtApp(device, pending);
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(userinfo).toMatchObject({ email, email_verified: true, name: 'Ada Lovelace' });
    sub = claims.sub;
    const held = await device.credentials();
    expect(held).toHaveLength(1);
    expect(held[0].isResidentCredential).toBe(true);
    synced = held[0];
  });

  it('signs the same person in usernameless with the button on another device holding the synced passkey, after a cancelled try: same sub', async () => {
    const device = await newDevice({ holding: [synced], passkeyAutofill: false });
    const { page } = device;
    const optionRequests: string[] = [];
    page.on('request', (request) => { if (request.url().includes('/passkey/options')) optionRequests.push(request.url()); });
    const pending = await startAtApp(page);

    // The person cancels the device's check (no user verification): the page says so in plain words.
    await device.setUserVerified(false);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(statusSays(page, /stopped/)).resolves.toBe('No passkey was found on this device, or the request was stopped.');

    await device.setUserVerified(true);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    expect((await finishAtApp(device, pending)).claims.sub).toBe(sub);
    // Both tries used the challenge the page came with (nothing had answered it): no options request.
    expect(optionRequests).toEqual([]);
    [synced] = await device.credentials();
  });

  it('signs them in through passkey autofill on the email field, where the browser offers it: same sub', async () => {
    const device = await newDevice({ holding: [synced] });

    // The virtual authenticator answers the page's conditional request itself, as a person picking
    // the passkey from the email field's list would: no button is pressed.
    const pending = await app.startSignIn();
    await device.page.goto(pending.url);

    expect((await finishAtApp(device, pending)).claims.sub).toBe(sub);
    [synced] = await device.credentials();
  });

  it('asks once for consent to an app that is not first-party, through the page\'s own form: same sub', async () => {
    // A real browser's form POST: under Referrer-Policy no-referrer it carries Origin: null.
    const registered = JSON.parse(await server.idp([
      'clients', 'add', '--name', 'Partner App', '--redirect-uri', `${APP_ORIGIN}/callback`, '--json',
    ])) as { client_id: string; client_secret: string };
    const partner = await RelyingApp.discover(server.issuer, {
      clientId: registered.client_id, clientSecret: registered.client_secret, redirectUri: `${APP_ORIGIN}/callback`,
    });
    const device = await newDevice({ holding: [synced], passkeyAutofill: false });
    const { page } = device;
    const pending = await partner.startSignIn();
    await page.goto(pending.url);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Allow Partner App?' }).waitFor();
    await page.getByRole('button', { name: 'Allow', exact: true }).click();

    const callback = await device.nextAppVisit();
    expect((await partner.finishSignIn(callback, pending)).claims()!.sub).toBe(sub);
    [synced] = await device.credentials();
  });

  it('says in plain words that the passkey request failed on a device without the passkey', async () => {
    lostDevice = await newDevice();
    const { page } = lostDevice;
    await startAtApp(page);

    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();

    const message = await statusSays(page, /No passkey/);
    expect(message).toBe('No passkey was found on this device, or the request was stopped.');
    expect(message).not.toMatch(/[{}]|\bat .+:\d+|Error|DOMException|https?:/);
    // And it points to the two ways on: a new account, or recovery.
    const waysOn = page.locator('#no-passkey');
    await expect(waysOn.getByRole('link', { name: 'Create an account' }).isVisible()).resolves.toBe(true);
    await expect(waysOn.getByRole('link', { name: 'Lost your passkey?' }).isVisible()).resolves.toBe(true);
  });

  it('recovers the account by mailed link on that device, continues the app sign-in, and the new passkey then works: same sub', async () => {
    const { page } = lostDevice;
    const pending = await startAtApp(page);

    await page.getByRole('link', { name: 'Lost your passkey?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a recovery link' }).click();
    await statusSays(page, /recovery link is on its way/);
    const link = /https?:\/\/\S+\/recover\/[A-Za-z0-9_-]+/.exec((await smtp.mailTo(email, 'Recover access')).text ?? '')?.[0];
    expect(link?.startsWith(`${server.issuer}/recover/`)).toBe(true);

    await page.goto(link!);
    await page.getByRole('button', { name: 'Create a new passkey' }).click();
    expect((await finishAtApp(lostDevice, pending)).claims.sub).toBe(sub);
    await smtp.mailTo(email, 'passkey was added to your Passkey ID account by recovery');
    const [newPasskey] = await lostDevice.credentials();
    expect(newPasskey.credentialId).not.toBe(synced.credentialId);

    const another = await newDevice({ holding: [newPasskey], passkeyAutofill: false });
    await expect(signInWithButton(another)).resolves.toBe(sub);
  });
});
