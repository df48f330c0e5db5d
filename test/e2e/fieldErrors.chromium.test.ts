/**
 * Sign-in and sign-up say what is wrong with a field next to that field, in Chromium: the message
 * follows the field, which is marked aria-invalid, described by the message and focused; typing in
 * the field clears it. When no passkey comes back, the sign-in page points to "Create an account"
 * (only when anyone may sign up) and "Lost your passkey?". The sign-up page says how many tries
 * are left and sends a new code on request, without giving more tries.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { BrowserSession } from '../support/browserSession.js';
import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { codeFrom, lastMailTo, openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

let provider: TestProvider;
let browser: Browser;
let app: RelyingApp;
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  provider = await startTestProvider();
  app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Notes' }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  await provider?.close();
});

async function signInPage(): Promise<PasskeyDevice> {
  const device = await openDevice(browser, { passkeyAutofill: false });
  devices.push(device);
  await device.page.goto((await app.startSignIn()).url);
  await device.page.getByRole('heading', { name: 'Sign in to Notes' }).waitFor();
  return device;
}

/** What a field says about itself: marked invalid, its message, focused. */
async function fieldState(page: Page, id: string) {
  return page.locator(`#${id}`).evaluate((input) => ({
    invalid: input.getAttribute('aria-invalid'),
    describedBy: input.getAttribute('aria-describedby'),
    message: document.getElementById(`${input.id}-error`)?.textContent ?? null,
    messageFollowsField: input.nextElementSibling?.id === `${input.id}-error`,
    focused: document.activeElement === input,
  }));
}

describe('field errors and the way on when no passkey is found, in Chromium', () => {
  it('says next to the email field that it is empty, and clears that as the person types', async () => {
    const { page } = await signInPage();
    await page.getByRole('button', { name: 'Continue with email' }).click();
    expect(await fieldState(page, 'email')).toEqual({
      invalid: 'true', describedBy: 'email-error email-hint', message: 'Enter your email address, or use “Sign in with a passkey”.', messageFollowsField: true, focused: true,
    });
    expect(await page.locator('#status').textContent()).toBe('');
    // The accessible description a screen reader reads with the field starts with the problem.
    expect(await page.getByRole('textbox', { name: 'Email' }).getAttribute('aria-describedby')).toMatch(/^email-error /);

    await page.keyboard.type('a');
    expect(await fieldState(page, 'email')).toEqual({ invalid: null, describedBy: 'email-hint', message: null, messageFollowsField: false, focused: true });
  });

  it('puts the provider’s refusal of an address, and of a code, next to their fields on the sign-up page', async () => {
    const { page } = await signInPage();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    expect(await fieldState(page, 'email')).toMatchObject({ invalid: 'true', message: 'Enter your email address.', focused: true });

    await page.getByLabel('Email', { exact: true }).fill('not-an-address');
    expect((await fieldState(page, 'email')).invalid).toBeNull();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.locator('#email-error').waitFor();
    expect(await fieldState(page, 'email')).toMatchObject({ invalid: 'true', message: 'Enter an email address such as name@example.com.', messageFollowsField: true, focused: true });
    expect(await page.locator('#status').textContent()).toBe('');

    await page.getByLabel('Email', { exact: true }).fill('fields@example.com');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('6-digit code from the mail').waitFor();
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    expect(await fieldState(page, 'code')).toMatchObject({ invalid: 'true', message: 'Enter the 6-digit code from the mail.', focused: true });
    await page.getByLabel('6-digit code from the mail').fill('000000');
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await page.locator('#code-error').waitFor();
    expect(await fieldState(page, 'code')).toMatchObject({
      invalid: 'true', message: 'That code is not right. Check the latest mail we sent and try again.', messageFollowsField: true, focused: true,
    });
    await page.keyboard.press('Backspace');
    expect((await fieldState(page, 'code')).invalid).toBeNull();
  });

  it('says the tries left at sign-up, sends a new code that keeps them, and the new code creates the account', async () => {
    const { page } = await signInPage();
    const email = 'new-code@example.com';
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    const codeField = page.getByLabel('6-digit code from the mail');
    await codeField.waitFor();
    expect(await page.locator('#code-tries').textContent()).toBe('You have 5 tries left.');
    const first = codeFrom((await lastMailTo(provider, email)).text);
    await codeField.fill(String((Number(first) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await page.locator('#code-error').waitFor();
    expect(await page.locator('#code-tries').textContent()).toBe('You have 4 tries left.');
    // The field is described by its problem, then by the tries left.
    expect(await codeField.getAttribute('aria-describedby')).toBe('code-error code-tries');

    await page.getByRole('button', { name: 'Send me a new code' }).click();
    await page.locator('#status').filter({ hasText: `We sent a new code to ${email}.` }).waitFor();
    expect(await fieldState(page, 'code')).toMatchObject({ invalid: null, message: null, focused: true });
    expect(await page.locator('#code-tries').textContent()).toBe('You have 4 tries left.');
    const second = codeFrom((await lastMailTo(provider, email)).text);
    await codeField.fill(second);
    await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await page.getByRole('heading', { name: 'Add a backup passkey?' }).waitFor();
    expect(await provider.store.people.findByEmail(email)).not.toBeNull();
  });

  it('points to "Create an account" and "Lost your passkey?" when the device has no passkey', async () => {
    const { page } = await signInPage();
    await expect(page.locator('#no-passkey').isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.locator('#status').filter({ hasText: 'No passkey was found on this device, or the request was stopped.' }).waitFor({ timeout: 10_000 });
    const waysOn = page.locator('#no-passkey');
    expect(await waysOn.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toMatch(/^\/interaction\/[A-Za-z0-9_-]+\/signup$/);
    expect(await waysOn.getByRole('link', { name: 'Lost your passkey?' }).getAttribute('href')).toMatch(/^\/recovery\?interaction=[A-Za-z0-9_-]+$/);
    await waysOn.getByRole('link', { name: 'Lost your passkey?' }).click();
    await page.getByRole('heading', { name: 'Lost your passkey?' }).waitFor();
  });

  it('offers no "Create an account" there when accounts are made by invitation only', async () => {
    const closed = await startTestProvider({ settings: { signUp: 'invite' } });
    try {
      const notes = await RelyingApp.discover(closed.issuer, await registerClient(closed.store, { name: 'Notes' }));
      const session = new BrowserSession(closed.origin);
      const page = await session.get(await openInteraction(session, (await notes.startSignIn()).url));
      const waysOn = /id="no-passkey"[^>]*>(.*?)<\/div>/s.exec(page.body)?.[1];
      expect(waysOn).toContain('>Lost your passkey?</a>');
      expect(waysOn).not.toContain('signup');
    } finally {
      await closed.close();
    }
  });
});
