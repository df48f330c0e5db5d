/**
 * The account page in a real browser: Chromium runs our pages and scripts with a virtual
 * authenticator. A person signs up at an app, adds a second passkey on the account page, renames it
 * in place and removes the first through the row's options and the page's own confirmation (by
 * keyboard), takes the app's access away, and signs in to the app with the second passkey: same
 * `sub`; that other browser is then signed out from its row on the account page. Each message is said in the section of the control that caused it.
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
  devices.push(device);
  return device;
}

/** Waits until the live region of a section says `text`. */
async function sectionSays(page: Page, section: string, text: RegExp) {
  await page.locator(`#${section}-status`).filter({ hasText: text }).waitFor({ timeout: 10_000 });
}

const focused = (page: Page) => page.evaluate(() => {
  const element = document.activeElement as HTMLElement | null;
  return element ? element.id || element.textContent?.trim() || element.tagName : null;
});

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
    // Said in the passkeys section, which takes the focus once the page has reloaded.
    await sectionSays(page, 'passkeys', /new passkey “Passkey 2” is ready/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('passkeys-status');
    expect(await page.locator('#status').textContent()).toBe('');
    const [secondPasskey] = await second.credentials();
    expect(secondPasskey.credentialId).not.toBe(firstPasskey.credentialId);
    // Two passkeys of authenticators that do not say who they are: told apart by number.
    expect(await page.locator('#passkeys h3').allTextContents()).toEqual(['Passkey 1', 'Passkey 2']);

    // The second row's options, by keyboard: Enter opens them on the first action, the arrows move,
    // Escape closes them and gives the focus back to the button.
    const toggle = page.getByRole('button', { name: 'Options for “Passkey 2”' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await expect(page.getByRole('button', { name: 'Remove this passkey' }).first().isVisible()).resolves.toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('Rename');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Remove this passkey');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Rename');
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await focused(page)).toBe('passkey-1-toggle');

    // Rename in place: the row becomes a form. Escape leaves the name as it was.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const nameField = page.getByLabel('Name of this passkey').nth(1);
    expect(await focused(page)).toBe('rename-1');
    expect(await nameField.inputValue()).toBe('Passkey 2');
    await page.keyboard.type('Old name');
    await page.keyboard.press('Escape');
    expect(await nameField.isVisible()).toBe(false);
    expect(await focused(page)).toBe('passkey-1-toggle');
    expect(await page.locator('#passkey-1').textContent()).toBe('Passkey 2');
    // An empty name is refused next to the field; Enter saves a good one.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await nameField.fill('   ');
    await page.keyboard.press('Enter');
    await page.locator('#rename-1-error').waitFor();
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    expect(await nameField.getAttribute('aria-describedby')).toBe('rename-1-error');
    expect(await page.locator('#rename-1-error').textContent()).toBe('Enter a name for this passkey.');
    await nameField.fill('Security key');
    expect(await nameField.getAttribute('aria-invalid')).toBeNull();
    await page.keyboard.press('Enter');
    await sectionSays(page, 'passkeys', /now called “Security key”/);
    expect(await page.locator('#passkey-1').textContent()).toBe('Security key');
    expect(await focused(page)).toBe('passkey-1-toggle');
    expect(await page.getByRole('button', { name: 'Options for “Security key”' }).count()).toBe(1);
    expect((await provider.store.credentials.listByPerson(sub)).map((c) => c.name).sort()).toEqual(['Passkey', 'Security key']);

    // Removing asks on the page first. Escape (or "Cancel") keeps the passkey, and the focus goes back.
    const firstToggle = page.getByRole('button', { name: 'Options for “Passkey 1”' });
    await firstToggle.click();
    await page.getByRole('button', { name: 'Remove this passkey' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Remove the passkey “Passkey 1”? You will no longer be able to sign in with it.' });
    await dialog.waitFor();
    expect(await focused(page)).toBe('confirm-cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe('passkey-0-toggle');
    expect(await provider.store.credentials.listByPerson(sub)).toHaveLength(2);
    // Six minutes later the sign-in is no longer fresh: removing asks for the passkey first, then goes on.
    clock.advance(6 * 60_000);
    await firstToggle.click();
    await page.getByRole('button', { name: 'Remove this passkey' }).first().click();
    await dialog.getByRole('button', { name: 'Remove passkey' }).click();
    await sectionSays(page, 'passkeys', /“Passkey 1” was removed/);
    const remaining = await provider.store.credentials.listByPerson(sub);
    expect(remaining.map((c) => Buffer.from(c.id, 'base64url').toString('base64'))).toEqual([secondPasskey.credentialId]);
    await expect(page.getByText('This is your only passkey, so it cannot be removed').isVisible()).resolves.toBe(true);

    // The app's access, from its row's options, after a confirmation on the page.
    await page.getByRole('button', { name: 'Options for “Example App”' }).click();
    await page.getByRole('button', { name: 'Remove access' }).click();
    await page.getByRole('dialog', { name: 'Remove the access of Example App?' }).getByRole('button', { name: 'Remove access' }).click();
    await sectionSays(page, 'apps', /Example App no longer has access to your account/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('apps-status');

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

    // That sign-in is another session on the account page; its row's options sign it out.
    await page.reload();
    const rows = page.locator('#sessions .row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('.badge').textContent()).toBe('This browser');
    await rows.nth(1).getByRole('button', { name: /^Options for/ }).click();
    await rows.nth(1).getByRole('button', { name: 'Sign out of this session' }).click();
    await sectionSays(page, 'sessions', /That session was signed out/);
    expect(await page.locator('#sessions .row').count()).toBe(1);
    await third.page.goto(`${provider.issuer}/account`);
    await third.page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
  }, 120_000);
});
