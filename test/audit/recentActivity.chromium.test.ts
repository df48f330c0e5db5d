/**
 * "Recent activity" on the account page in a real browser: a person signs up at an app and signs in
 * again with their passkey (Chromium, virtual authenticator), then finds both on their account page,
 * with the browser they used.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';

import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { codeFrom, lastMailTo } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

let provider: TestProvider;
let browser: Browser;
let app: RelyingApp;
let device: PasskeyDevice | undefined;

beforeAll(async () => {
  provider = await startTestProvider();
  app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Example App' }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await device?.close().catch(() => {});
  await browser?.close();
  await provider?.close();
});

describe('recent activity in Chromium', () => {
  it('shows the person their sign-up and their latest sign-in, newest first, with the browser', async () => {
    const email = 'chromium-activity@example.com';
    device = await openDevice(browser, { passkeyAutofill: false });
    const { page } = device;
    const signUp = await app.startSignIn();
    await page.goto(signUp.url);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('6-digit code from the mail').waitFor();
    await page.getByLabel('6-digit code from the mail').fill(codeFrom((await lastMailTo(provider, email)).text));
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await page.getByRole('link', { name: /^Not now/ }).click();
    await app.finishSignIn(await device.nextAppVisit(), signUp);

    const signIn = await app.startSignIn({ prompt: 'login' });
    await page.goto(signIn.url);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await app.finishSignIn(await device.nextAppVisit(), signIn);

    // A new tab of the same browser: the first one is still on its way to the app's callback.
    const account = await device.context.newPage();
    await account.goto(`${provider.issuer}/account`);
    const section = account.getByRole('region', { name: 'Recent activity' });
    const items = section.getByRole('listitem');
    await expect(items.nth(0).getByText('Signed in', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(items.nth(1).getByText('Account created', { exact: true }).isVisible()).resolves.toBe(true);
    expect(await items.nth(0).textContent()).toMatch(/Chrome on Linux, 127\.0\.0\.1 · app /);
  }, 120_000);
});
