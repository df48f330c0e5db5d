/**
 * "I lost a device / this was not me" on the account page, in Chromium with virtual authenticators.
 * A person signs up at an app on one device (which keeps the app's refresh token), adds a passkey
 * made on a second device, signs in there, and later, after losing the first device, ticks its
 * passkey in the form: after confirming with the passkey they still have, the lost passkey is gone,
 * the first device is signed out and the app's refresh token no longer works.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { codeFrom, lastMailTo } from '../support/journeys.js';
import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
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

async function newDevice(): Promise<PasskeyDevice> {
  const device = await openDevice(browser, []);
  devices.push(device);
  return device;
}

async function sectionSays(page: Page, section: string, text: RegExp) {
  await page.locator(`#${section}-status`).filter({ hasText: text }).waitFor({ timeout: 10_000 });
}

/** A credential id as the virtual authenticator gives it (base64) in the store's form (base64url). */
const storedId = (credentialId: string) => Buffer.from(credentialId, 'base64').toString('base64url');

describe('"I lost a device" in Chromium', () => {
  it('removes the ticked passkey after a passkey confirmation, signs the lost device out, and the app’s refresh token stops working', async () => {
    const email = 'chromium-lost-device@example.com';
    const lost = await newDevice();
    const pending = await app.startSignIn({ scope: 'openid email profile offline_access' });
    await lost.page.goto(pending.url);
    await lost.page.getByRole('link', { name: 'Create an account' }).click();
    await lost.page.getByLabel('Email').fill(email);
    await lost.page.getByRole('button', { name: 'Send me a code' }).click();
    await lost.page.getByLabel('6-digit code from the mail').waitFor();
    await lost.page.getByLabel('6-digit code from the mail').fill(codeFrom((await lastMailTo(provider, email)).text));
    await lost.page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await lost.page.getByRole('heading', { name: 'Add a backup passkey?' }).waitFor();
    await lost.page.getByRole('link', { name: /^Not now/ }).click();
    const tokens = await app.finishSignIn(await lost.nextAppVisit(), pending);
    const sub = tokens.claims()!.sub;
    expect(tokens.refresh_token).toBeTruthy();
    const [lostPasskey] = await lost.credentials();

    // A second device adds its own passkey while signed in as the first (its cookies), then signs in with it.
    const kept = await newDevice();
    await kept.context.addCookies(await lost.context.cookies());
    const { page } = kept;
    await page.goto(`${provider.issuer}/account`);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await sectionSays(page, 'passkeys', /new passkey .* is ready/);
    const [keptPasskey] = await kept.credentials();
    await kept.context.clearCookies();
    await page.goto(`${provider.issuer}/account`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'I lost a device / this was not me' }).waitFor();

    // Later, the first device is lost. Its passkey is the first in the list (the oldest).
    clock.advance(6 * 60_000);
    const form = page.locator('#lost-device-form');
    const boxes = form.getByRole('checkbox');
    expect(await boxes.count()).toBe(2);
    expect(await boxes.nth(0).getAttribute('value')).toBe(storedId(lostPasskey.credentialId));
    await boxes.nth(0).check();
    const submit = form.getByRole('button', { name: 'Remove them and sign out everywhere else' });
    await submit.click();
    // Confirmed on the page, in the catalog's words; "Cancel" changes nothing and gives the focus back.
    const dialog = page.getByRole('dialog', { name: 'Remove 1 passkey, sign out of every other browser and take every app’s access away?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await submit.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await provider.store.credentials.listByPerson(sub)).toHaveLength(2);
    await submit.click();
    await dialog.getByRole('button', { name: 'Remove and sign out' }).click();
    await sectionSays(page, 'lost-device', /1 passkey was removed\. Every other browser is signed out/);

    const left = await provider.store.credentials.listByPerson(sub);
    expect(left.map((credential) => credential.id)).toEqual([storedId(keptPasskey.credentialId)]);
    await expect(app.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await lost.page.goto(`${provider.issuer}/account`);
    await lost.page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    // This browser stays signed in, now with one passkey and nothing to tick.
    await page.reload();
    await page.getByRole('heading', { name: 'You have only one passkey' }).waitFor();
    expect(await form.getByRole('checkbox').count()).toBe(0);
    const [event] = await provider.store.audit.list({ personId: sub, types: ['lost_device'], limit: 1 });
    expect(event?.detail).toMatchObject({ removedPasskeys: [{ id: storedId(lostPasskey.credentialId) }], sessionsEnded: 1 });

    // Only this browser is left in "Where you are signed in"; its options sign it out.
    const sessions = page.locator('#sessions .row');
    expect(await sessions.count()).toBe(1);
    expect(await sessions.locator('.badge').textContent()).toBe('This browser');
    await page.getByRole('button', { name: 'Options for “This browser”' }).click();
    await page.getByRole('button', { name: 'Sign out of this browser' }).click();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
  }, 90_000);
});
