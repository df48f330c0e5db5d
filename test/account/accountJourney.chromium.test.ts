/**
 * The account page in a real browser: Chromium runs our pages and scripts with a virtual
 * authenticator. A person signs up at an app, adds a second passkey on the account page, removes
 * the first, and signs in to the app with the second: same `sub`.
 *
 * The second passkey is made by another authenticator in the same signed-in browser (as when a
 * security key is plugged in): the test gives a fresh device the first one's cookies, since a
 * virtual authenticator cannot be unplugged from a device.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { codeFrom, lastMailTo } from '../support/journeys.js';
import { APP_ORIGIN, launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { testClock } from './accountJourneys.js';

let provider: TestProvider;
const clock = testClock();
let browser: Browser;
let app: RelyingApp;
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  provider = await startTestProvider({ now: clock.now });
  app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Example App' }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  await provider?.close();
});

async function newDevice(...holding: Parameters<typeof openDevice>[1][]): Promise<PasskeyDevice> {
  const device = await openDevice(browser, holding[0] ?? []);
  device.page.on('dialog', (dialog) => void dialog.accept());
  devices.push(device);
  return device;
}

async function statusSays(page: Page, text: RegExp) {
  await page.locator('#status').filter({ hasText: text }).waitFor({ timeout: 10_000 });
}

describe('account page in Chromium', () => {
  it('adds a second passkey, removes the first, and the second signs in to the app as the same person', async () => {
    const email = 'chromium-account@example.com';
    const first = await newDevice();
    const pending = await app.startSignIn();
    await first.page.goto(pending.url);
    await first.page.getByRole('link', { name: 'Create an account' }).click();
    await first.page.getByLabel('Email').fill(email);
    await first.page.getByRole('button', { name: 'Send me a code' }).click();
    await first.page.getByLabel('6-digit code from the mail').waitFor();
    await first.page.getByLabel('6-digit code from the mail').fill(codeFrom((await lastMailTo(provider, email)).text));
    await first.page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    // Sign-up offers a backup passkey first; this person adds one later, on the account page.
    await first.page.getByRole('heading', { name: 'Add a backup passkey?' }).waitFor();
    await first.page.getByRole('link', { name: /^Not now/ }).click();
    const callback = await first.nextAppVisit();
    const { sub } = (await app.finishSignIn(callback, pending)).claims()!;
    const [firstPasskey] = await first.credentials();

    // The same signed-in browser, now with another authenticator.
    const second = await newDevice();
    await second.context.addCookies(await first.context.cookies());
    const { page } = second;
    await page.goto(`${provider.issuer}/account`);
    await expect(page.getByRole('heading', { name: 'Your account', exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'You have only one passkey' }).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await statusSays(page, /new passkey .* is ready/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('status');
    const [secondPasskey] = await second.credentials();
    expect(secondPasskey.credentialId).not.toBe(firstPasskey.credentialId);
    expect(await page.getByRole('button', { name: 'Remove this passkey' }).count()).toBe(2);

    // Rename the new one, then remove the first (the one made at sign-up, listed first).
    const items = page.locator('ul.items').first().locator('li.item');
    await items.nth(1).getByLabel('Name of this passkey').fill('Security key');
    await items.nth(1).getByRole('button', { name: 'Save name' }).click();
    await statusSays(page, /now called “Security key”/);
    // Six minutes later the sign-in is no longer fresh: removing asks for the passkey first, then goes on.
    clock.advance(6 * 60_000);
    await page.locator('ul.items').first().locator('li.item').nth(0).getByRole('button', { name: 'Remove this passkey' }).click();
    await statusSays(page, /was removed/);
    const remaining = await provider.store.credentials.listByPerson(sub);
    expect(remaining.map((c) => Buffer.from(c.id, 'base64url').toString('base64'))).toEqual([secondPasskey.credentialId]);
    await expect(page.getByText('This is your only passkey, so it cannot be removed').isVisible()).resolves.toBe(true);

    // A fresh device holding only the second passkey signs in to the app: the same person.
    // (Copied as it is now: the confirmation above used it, and its signature counter moved on.)
    const third = await newDevice(await second.credentials());
    const again = await app.startSignIn();
    // The sign-in page offers passkeys in the email field's autofill; this virtual authenticator
    // answers that at once (a person would pick the passkey there), so no button is pressed.
    await third.page.goto(again.url);
    const visit = await third.nextAppVisit().catch(async (error) => {
      throw new Error(`${(error as Error).message}; the page says: ${await third.page.locator('#status').textContent()}`);
    });
    expect((await app.finishSignIn(visit, again)).claims()!.sub).toBe(sub);
    expect(APP_ORIGIN).toBe('https://app.example');
  }, 120_000);
});
