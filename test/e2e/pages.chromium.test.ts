/**
 * The pages as people meet them, in Chromium with a virtual authenticator:
 * - axe-core (injected into each page) finds no violation of WCAG 2.2 A/AA or of its best
 *   practices on the main page states — sign-in, sign-up and its code step, consent, an app's
 *   refusal, account (with a row's options open, a passkey being renamed, a confirmation), an
 *   error, signed out —
 *   in both colour schemes and every shipped language, and every focus ring stands out at least
 *   3:1 from what is behind it;
 * - the language switcher changes the page and what its scripts say;
 * - "Delete my account" confirms the deletion on the page it leads to, and the message is not
 *   carried on to the next account page opened in that tab.
 */
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';

import { changeAppAccess } from '../../src/access/appAccess.js';
import { createGroup } from '../../src/access/groups.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { axeViolations, weakFocusRings } from '../support/accessibility.js';
import { codeFrom, lastMailTo } from '../support/journeys.js';
import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

let provider: TestProvider;
let browser: Browser;
let app: RelyingApp;
/** An app restricted to a group nobody here is in: its refusal page is one of the states checked. */
let restricted: RelyingApp;
const devices: PasskeyDevice[] = [];
const LOGO = 'https://notes.example/logo.svg';

beforeAll(async () => {
  provider = await startTestProvider();
  // A third-party app, so that the consent page is shown, with a logo on its own site.
  app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Notes', firstParty: false, logoUri: LOGO, launchUri: 'https://notes.example/' }));
  // An app not used yet that people may open: "Your apps" on the account page lists it.
  await registerClient(provider.store, { name: 'Wiki', launchUri: 'https://wiki.example/' });
  const payroll = await registerClient(provider.store, { name: 'Payroll' });
  await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'staff' });
  await changeAppAccess(provider.store, payroll.clientId, { allowedGroups: ['staff'] });
  restricted = await RelyingApp.discover(provider.issuer, payroll);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  await provider?.close();
});

async function newDevice(): Promise<PasskeyDevice> {
  // Without passkey autofill the sign-in page stays up until a button is pressed (see chromium.ts).
  const device = await openDevice(browser, { passkeyAutofill: false });
  // The app's site serves its logo; nothing leaves the machine.
  await device.context.route(LOGO, (route) => route.fulfill({
    status: 200, contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#c2410c"/><path d="M14 12h14l6 6v18H14z" fill="#fff"/></svg>',
  }));
  devices.push(device);
  return device;
}

/** Sign-up from the app to its callback, through the backup offer and consent. */
async function signUpInBrowser(device: PasskeyDevice, email: string): Promise<void> {
  const { page } = device;
  await page.goto((await app.startSignIn()).url);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('6-digit code from the mail').waitFor();
  await page.getByLabel('6-digit code from the mail').fill(codeFrom((await lastMailTo(provider, email)).text));
  await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
  await page.getByRole('link', { name: /^Not now/ }).click();
  await page.locator('#allow').click();
  await device.nextAppVisit();
  await page.waitForURL(/app\.example|chrome-error/);
  await page.waitForLoadState();
}

describe('the pages in Chromium', () => {
  it('pass axe and the focus ring check on every main page state, in both colour schemes and every language', async () => {
    const device = await newDevice();
    await signUpInBrowser(device, 'axe@example.com');
    const { page, context } = device;
    let codesAsked = 0;
    const states: Array<[string, () => Promise<unknown>]> = [
      ['sign-in', async () => page.goto((await app.startSignIn({ prompt: 'login' })).url)],
      ['sign-up', () => page.locator('#signup').click()],
      ['sign-up code', async () => {
        await page.locator('#email').fill(`code-${codesAsked++}@example.com`);
        await page.locator('#send-code').click();
        await page.locator('#code-tries').filter({ hasText: /5/ }).waitFor();
      }],
      ['consent', async () => page.goto((await app.startSignIn({ prompt: 'consent' })).url)],
      ['access refused', async () => page.goto((await restricted.startSignIn()).url)],
      ['account', () => page.goto(`${provider.issuer}/account`)],
      ['account, options open', async () => {
        await page.locator('#passkeys .actions-toggle').first().click();
        await page.locator('#passkeys .actions-list button.rename').waitFor();
      }],
      ['account, renaming', async () => {
        // The check before left the options closed: focusing each control in turn closes them.
        await page.locator('#passkeys .actions-toggle').first().click();
        await page.locator('#passkeys button.rename').first().click();
        await page.locator('#rename-0').waitFor();
      }],
      ['account, confirmation', async () => {
        await page.goto(`${provider.issuer}/account`);
        await page.locator('#apps .actions-toggle').first().click();
        await page.locator('#apps button.revoke-app').first().click();
        await page.locator('dialog#confirm').waitFor();
      }],
      ['error', () => page.goto(`${provider.issuer}/no/such/page`)],
      ['signed out', () => page.goto(`${provider.issuer}/session/end/success`)],
    ];
    const problems: string[] = [];
    let checked = 0;
    for (const language of LANGUAGES) {
      await context.addCookies([{ name: 'lang', value: language, url: provider.issuer }]);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        for (const [state, open] of states) {
          await open();
          await page.locator('h1').waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
          for (const problem of [...await axeViolations(page), ...await weakFocusRings(page)]) problems.push(`${state}, ${language}, ${colorScheme}: ${problem}`);
          // The app's logo shows: the page's CSP lets its origin in.
          if (state === 'sign-in' || state === 'consent' || state === 'account') {
            expect(await page.locator('img.app-logo').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
          }
          if (state === 'account' && language === 'en') {
            expect(await page.getByRole('link', { name: 'Open Notes' }).getAttribute('href')).toBe('https://notes.example/');
            expect(await page.getByRole('list', { name: 'More apps you can open' }).getByRole('link', { name: 'Wiki' }).getAttribute('href')).toBe('https://wiki.example/');
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(LANGUAGES.length * 2 * states.length);
    expect(problems).toEqual([]);
  }, 480_000);

  it('switches the language with the footer form, and the scripts speak it too', async () => {
    const { page } = await newDevice();
    await page.goto(`${provider.issuer}/recovery`);
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByRole('heading', { name: 'Passkey verloren?' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/recovery');
    await page.getByRole('button', { name: 'Wiederherstellungslink senden' }).click();
    await page.locator('#status').filter({ hasText: 'Gib die E-Mail-Adresse deines Kontos ein.' }).waitFor();
  });

  it('confirms "Delete my account" on the page it leads to, and not again on the next account page', async () => {
    const device = await newDevice();
    await signUpInBrowser(device, 'leaving@example.com');
    const { page } = device;
    await page.goto(`${provider.issuer}/account`);
    await page.getByLabel('Yes, delete my account and everything in it').check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.locator('#status').filter({ hasText: 'Your account was deleted.' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-account]').getAttribute('data-account')).toBe('signed-out');
    expect(await provider.store.people.findByEmail('leaving@example.com')).toBeNull();

    // Another visit of the account page in the same tab says nothing about a deletion.
    await page.goto(`${provider.issuer}/account`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    expect(await page.locator('#status').textContent()).toBe('');
  });
});
