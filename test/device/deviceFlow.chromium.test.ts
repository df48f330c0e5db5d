/**
 * Device sign-in end to end: a command-line app (openid-client) asks for a code and polls the token
 * endpoint, while a person in Chromium (virtual authenticator) opens /device, types the code, creates
 * an account with a passkey on the way, and later signs in on a second device run with that passkey.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';

import { registerApp } from '../../src/clients/relyingApps.js';
import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { codeFrom, lastMailTo } from '../support/journeys.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

let provider: TestProvider;
let browser: Browser;
let cli: oidc.Configuration;
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  provider = await startTestProvider();
  const { clientId } = await registerApp(provider.store, {
    name: 'Deploy CLI', redirectUris: [], isPublic: true, deviceFlow: true, firstParty: true,
  }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
  cli = await oidc.discovery(new URL(provider.issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {});
  await browser?.close();
  await provider?.close();
});

/** Opens /device as a person does, types the code the CLI printed and confirms it. */
async function enterCode(page: Page, userCode: string): Promise<void> {
  await page.goto(`${provider.issuer}/device`);
  await page.getByLabel('Code').fill(userCode);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in to Deploy CLI?' }).waitFor();
  expect(await page.locator('#user-code').textContent()).toContain(userCode);
  await page.getByRole('button', { name: 'Continue and sign in' }).click();
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
}

describe('device sign-in in Chromium', () => {
  it('signs a new person up from /device while the CLI polls, then signs them in again with the passkey', async () => {
    const email = 'device@example.com';
    const first = await openDevice(browser, { passkeyAutofill: false });
    devices.push(first);
    first.page.on('dialog', (dialog) => void dialog.accept());

    const started = await oidc.initiateDeviceAuthorization(cli, { scope: 'openid email' });
    const polling = oidc.pollDeviceAuthorizationGrant(cli, started);
    await enterCode(first.page, started.user_code);
    await first.page.getByRole('link', { name: 'Create an account' }).click();
    await first.page.getByLabel('Email').fill(email);
    await first.page.getByRole('button', { name: 'Send me a code' }).click();
    await first.page.getByLabel('6-digit code from the mail').waitFor();
    await first.page.getByLabel('6-digit code from the mail').fill(codeFrom((await lastMailTo(provider, email)).text));
    await first.page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
    await first.page.getByRole('heading', { name: 'Add a backup passkey?' }).waitFor();
    await first.page.getByRole('link', { name: /^Not now/ }).click();
    await first.page.getByRole('heading', { name: 'You are signed in on your device' }).waitFor();
    const signedUp = await polling;
    expect(signedUp.claims()).toMatchObject({ email });

    // A second run, in a browser that holds the passkey but no session: sign in with the button.
    const second = await openDevice(browser, { holding: await first.credentials(), passkeyAutofill: false });
    devices.push(second);
    const again = await oidc.initiateDeviceAuthorization(cli, { scope: 'openid' });
    const pollingAgain = oidc.pollDeviceAuthorizationGrant(cli, again);
    await enterCode(second.page, again.user_code);
    await second.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await second.page.getByRole('heading', { name: 'You are signed in on your device' }).waitFor();
    expect((await pollingAgain).claims()!.sub).toBe(signedUp.claims()!.sub);
  }, 90_000);
});
