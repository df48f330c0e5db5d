/**
 * `npm run demo` does what the README promises a newcomer: the demo app's "Sign in" leads to the
 * provider, a new person creates an account with a passkey, comes back to the app signed in with
 * their email in the ID token, and "Sign out" ends the provider's session too, with no confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';

import { startDemo, type Demo } from '../../examples/demo/startDemo.js';
import { createMemoryLogger } from '../../src/log.js';
import { launchChromium, openDevice } from '../support/chromium.js';
import { freePort } from '../support/freePort.js';
import { codeFrom } from '../support/journeys.js';

let demo: Demo;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemo({ providerPort: await freePort(), appPort: await freePort(), databaseUrl: 'sqlite::memory:', log: createMemoryLogger() });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe('the demo app', () => {
  it('signs a new person in with a passkey and out again', async () => {
    const email = 'newcomer@example.com';
    const device = await openDevice(browser, { passkeyAutofill: false });
    const { page } = device;
    await page.goto(demo.appUrl);
    await page.getByText('You are not signed in.').waitFor();
    await page.locator('#sign-in').click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(page.url().startsWith(demo.issuer)).toBe(true);

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('6-digit code from the mail').waitFor();
    const mail = demo.mailer.outbox!.list().find((m) => m.to === email)!;
    await page.getByLabel('6-digit code from the mail').fill(codeFrom(mail.text));
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await page.getByRole('heading', { name: 'Add a backup passkey?' }).waitFor();
    await page.getByRole('link', { name: /^Not now/ }).click();
    await page.getByRole('heading', { name: 'Allow Demo app?' }).waitFor();
    await page.getByRole('button', { name: 'Allow', exact: true }).click();

    await page.locator('#signed-in').waitFor();
    expect(page.url()).toBe(`${demo.appUrl}/`);
    expect(await page.locator('#signed-in').textContent()).toContain(email);
    expect(JSON.parse((await page.locator('#claims').textContent())!)).toMatchObject({ email, email_verified: true, iss: demo.issuer });

    await page.locator('#sign-out').click();
    await page.getByText('You are not signed in.').waitFor();
    expect(page.url()).toBe(`${demo.appUrl}/`);
    // The provider's session ended too: signing in again asks for the passkey.
    await page.locator('#sign-in').click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await device.close();
  }, 90_000);
});
