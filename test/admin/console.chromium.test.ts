/**
 * The administration console as an administrator uses it, in Chromium with a virtual authenticator:
 * opened signed out, it sends them to the account page's sign-in and back; they create a group,
 * register an app and invite a person into the group; the person signs up through the mailed link
 * (real SMTP) and appears in the people list; the administrator disables them, confirming it with
 * their passkey on the page first, after which the person can no longer sign in to the app. axe-core
 * finds no violation on any console page the journey opens.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { LANGUAGES } from '../../src/i18n/languages.js';
import { axeViolations, weakFocusRings } from '../support/accessibility.js';
import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { RelyingApp } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { invite } from '../access/invitationLinks.js';
import { testClock } from '../account/accountJourneys.js';

let provider: TestProvider;
let smtp: SmtpCapture;
let browser: Browser;
const devices: PasskeyDevice[] = [];
const clock = testClock();

beforeAll(async () => {
  smtp = await startSmtpCapture();
  provider = await startTestProvider({ now: clock.now, settings: { smtpUrl: smtp.url, signUp: 'invite' } });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  await provider?.close();
  await smtp?.close();
});

async function newDevice(holding: PasskeyDevice['credentials'] extends () => Promise<infer C> ? C : never = []): Promise<PasskeyDevice> {
  const device = await openDevice(browser, { holding, passkeyAutofill: false });
  devices.push(device);
  return device;
}

describe('the administration console in Chromium', () => {
  it('takes an administrator from signing in to disabling a person they invited, every page passing axe', async () => {
    const problems: string[] = [];
    const check = async (page: Page, state: string) => {
      await page.locator('h1').waitFor();
      for (const problem of await axeViolations(page)) problems.push(`${state}: ${problem}`);
    };

    // The first administrator, made with the idp command's invitation, creates their passkey.
    const { path } = await invite(provider, { email: 'root@example.com', isAdmin: true });
    const first = await newDevice();
    await first.page.goto(`${provider.issuer}${path}`);
    await first.page.getByRole('button', { name: 'Create a passkey' }).click();
    await first.page.waitForURL(`${provider.issuer}/account`);

    // Another browser holding the same passkey opens the console signed out: sign in, then back.
    const device = await newDevice(await first.credentials());
    const { page } = device;
    await page.goto(`${provider.issuer}/admin/people`);
    await page.waitForURL(`${provider.issuer}/account?return=%2Fadmin%2Fpeople`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${provider.issuer}/admin/people`);
    await check(page, 'people');
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Overview' }).click();
    await check(page, 'overview');

    // A group.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await check(page, 'groups');
    await page.getByLabel('Name').fill('Bad Name');
    await page.getByRole('button', { name: 'Create the group' }).click();
    await expect(page.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
    await check(page, 'groups with an error');
    await page.getByLabel('Name').fill('staff');
    await page.getByRole('button', { name: 'Create the group' }).click();
    await page.locator('#status').filter({ hasText: 'The group is created.' }).waitFor();
    await check(page, 'group');

    // An app, open to the group only; its settings ready to copy, the secret shown once.
    await page.getByRole('link', { name: 'Apps', exact: true }).click();
    await page.getByRole('link', { name: 'Register an app' }).click();
    await check(page, 'new app');
    await page.getByLabel('Name', { exact: true }).fill('Team Notes');
    await page.getByLabel('Redirect URIs').fill('https://app.example/callback');
    await page.getByLabel(/Only these groups may sign in/).fill('staff');
    await page.getByLabel('This app belongs to us').check();
    await page.getByRole('button', { name: 'Register the app' }).click();
    await page.getByRole('heading', { name: 'App registered' }).waitFor();
    await check(page, 'app registered');
    const clientId = (await page.locator('#summary-client-id').textContent())!;
    const clientSecret = (await page.locator('#summary-secret').textContent())!;
    expect(await page.locator('#app-config').inputValue()).toContain(`OIDC_CLIENT_SECRET=${clientSecret}`);
    await page.getByRole('link', { name: 'Open the app’s settings' }).click();
    await check(page, 'app');
    const app = await RelyingApp.discover(provider.issuer, { clientId, clientSecret, redirectUri: 'https://app.example/callback' });

    // An invitation into the group, mailed.
    await page.getByRole('link', { name: 'Invitations', exact: true }).click();
    await check(page, 'invitations');
    await page.getByLabel('Email', { exact: true }).fill('ivy@example.com');
    await page.getByLabel(/Groups they join/).fill('staff');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.locator('#status').filter({ hasText: 'The invitation is on its way.' }).waitFor();
    const mail = await smtp.mailTo('ivy@example.com', 'invited');
    const link = /(https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/.exec(mail.text!)![1]!;
    expect(link.startsWith(`${provider.issuer}/invite/`)).toBe(true);

    // The person signs up through the link, and can sign in to the app.
    const ivy = await newDevice();
    await ivy.page.goto(link);
    await ivy.page.getByLabel(/Your name/).fill('Ivy');
    await ivy.page.getByRole('button', { name: 'Create a passkey' }).click();
    await ivy.page.waitForURL(`${provider.issuer}/account`);
    const before = await app.startSignIn();
    // Signed in already, the browser goes straight on to the app, whose name never resolves.
    await ivy.page.goto(before.url).catch(() => {});
    await app.finishSignIn(await ivy.nextAppVisit(), before);

    // The administrator finds them in the people list.
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByLabel('Search by address or name').fill('ivy');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'ivy@example.com' }).click();
    await check(page, 'person');
    await expect(page.getByRole('link', { name: 'staff' }).isVisible()).resolves.toBe(true);

    // Disabling asks for a fresh passkey confirmation on the page: the last one is too old now.
    clock.advance(6 * 60_000);
    await page.reload();
    await page.getByRole('button', { name: 'Disable the account' }).click();
    await page.locator('#status').filter({ hasText: 'The account is disabled' }).waitFor({ timeout: 15_000 });
    await check(page, 'person disabled');
    const ivyAccount = (await provider.store.people.findByEmail('ivy@example.com'))!;
    expect(ivyAccount.disabledAt).not.toBeNull();
    expect((await smtp.mailTo('ivy@example.com', 'was disabled')).text).toContain('disabled your account');
    const [event] = await provider.store.audit.list({ personId: ivyAccount.id, types: ['admin_action'], limit: 1 });
    expect(event).toMatchObject({ detail: expect.objectContaining({ action: 'person.disable' }) });

    // The person can no longer sign in: their session ended, and their passkey gets them nothing.
    const after = await app.startSignIn();
    await ivy.page.goto(after.url);
    await ivy.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await ivy.page.locator('#status').filter({ hasText: 'This account is disabled' }).waitFor({ timeout: 15_000 });
    expect(ivy.appVisits.filter((url) => url.includes('code='))).toHaveLength(1);

    expect(problems).toEqual([]);
  }, 180_000);

  it('rotates a secret, makes and revokes an API key and removes an app, confirming on the page; axe and the focus-ring check find nothing in any language or colour scheme', async () => {
    const problems: string[] = [];
    const check = async (page: Page, state: string) => {
      await page.locator('h1').waitFor();
      for (const problem of await axeViolations(page)) problems.push(`${state}: ${problem}`);
    };
    const { path } = await invite(provider, { email: 'second@example.com', isAdmin: true, now: clock.now() });
    const device = await newDevice();
    const { page } = device;
    await page.goto(`${provider.issuer}${path}`);
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.waitForURL(`${provider.issuer}/account`);

    await page.goto(`${provider.issuer}/admin/apps/new`);
    await page.getByLabel('Name', { exact: true }).fill('Ledger');
    await page.getByLabel('Redirect URIs').fill('https://ledger.example/callback');
    await page.getByRole('button', { name: 'Register the app' }).click();
    const clientId = (await page.locator('#summary-client-id').textContent())!;
    const firstSecret = (await page.locator('#summary-secret').textContent())!;

    // The passkey confirmation is old by now: rotating asks for it on the page, then goes ahead.
    clock.advance(6 * 60_000);
    await page.goto(`${provider.issuer}/admin/apps/${clientId}`);
    await page.getByLabel('The old secret keeps working').selectOption('1d');
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    await page.getByRole('heading', { name: 'New secret' }).waitFor({ timeout: 15_000 });
    await check(page, 'new secret');
    const secret = (await page.locator('#summary-secret').textContent())!;
    expect(secret).not.toBe(firstSecret);
    expect((await provider.store.oidc.find('Client', clientId))!.client_secret).toBe(secret);

    // A key for the API, shown once; revoked, it stops at once.
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('What it is for').fill('deploy script');
    await page.getByLabel('Access').selectOption('read-write');
    await page.getByRole('button', { name: 'Create the key' }).click();
    const key = await page.locator('#api-key').inputValue();
    await check(page, 'new API key');
    const callApi = () => fetch(`${provider.origin}/api/admin/v1/apps`, { headers: { Authorization: `Bearer ${key}` } });
    expect((await callApi()).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke the key' }).click();
    await page.locator('#status').filter({ hasText: 'The key is revoked' }).waitFor();
    expect((await callApi()).status).toBe(401);

    // Removing the app needs the box ticked first; the browser says so before anything is sent.
    await page.goto(`${provider.issuer}/admin/apps/${clientId}`);
    await page.getByRole('button', { name: 'Remove the app' }).click();
    expect(await provider.store.oidc.find('Client', clientId)).not.toBeNull();
    await page.getByLabel('Yes, remove Ledger').check();
    await page.getByRole('button', { name: 'Remove the app' }).click();
    await page.locator('#status').filter({ hasText: 'The app is removed.' }).waitFor();
    expect(await provider.store.oidc.find('Client', clientId)).toBeNull();

    for (const language of LANGUAGES) {
      await device.context.addCookies([{ name: 'lang', value: language, url: provider.issuer }]);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        for (const section of ['/admin', '/admin/apps/new', '/admin/people', '/admin/groups', '/admin/invitations', '/admin/api-keys']) {
          await page.goto(`${provider.issuer}${section}`);
          await check(page, `${section}, ${language}, ${colorScheme}`);
          for (const ring of await weakFocusRings(page)) problems.push(`${section}, ${language}, ${colorScheme}: weak focus ring ${ring}`);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('keeps what an administrator typed when someone else saved the app meanwhile, says so, and saves it when sent again', async () => {
    const { path } = await invite(provider, { email: 'third@example.com', isAdmin: true, now: clock.now() });
    const device = await newDevice();
    const { page } = device;
    await page.goto(`${provider.issuer}${path}`);
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.waitForURL(`${provider.issuer}/account`);
    await page.goto(`${provider.issuer}/admin/apps/new`);
    await page.getByLabel('Name', { exact: true }).fill('Almanac');
    await page.getByLabel('Redirect URIs').fill('https://almanac.example/callback');
    await page.getByRole('button', { name: 'Register the app' }).click();
    const clientId = (await page.locator('#summary-client-id').textContent())!;

    // Two tabs open the same app; the other one saves first.
    const other = await page.context().newPage();
    await other.goto(`${provider.issuer}/admin/apps/${clientId}`);
    await page.goto(`${provider.issuer}/admin/apps/${clientId}`);
    await other.getByLabel('Name', { exact: true }).fill('Almanac of the team');
    await other.getByRole('button', { name: 'Save changes' }).click();
    await other.locator('#status').filter({ hasText: 'The app’s settings are saved.' }).waitFor();

    await page.getByLabel('Launch URL').fill('https://almanac.example/start');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page.locator('#app-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else saved this app while you were editing it');
    expect(await conflict.textContent()).toContain('Almanac of the team');
    expect(await page.getByLabel('Launch URL').inputValue()).toBe('https://almanac.example/start');
    expect(await axeViolations(page)).toEqual([]);
    expect((await provider.store.oidc.find('Client', clientId))!.client_name).toBe('Almanac of the team');

    // Sent again after reading the notice, it replaces the other save.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#status').filter({ hasText: 'The app’s settings are saved.' }).waitFor();
    const stored = (await provider.store.oidc.find('Client', clientId))!;
    expect([stored.client_name, stored.client_uri]).toEqual(['Almanac', 'https://almanac.example/start']);
    await other.close();
  }, 120_000);
});
