/**
 * The pages of "who may get in" in a real browser: Chromium runs our pages and scripts with a
 * virtual authenticator. An invited person opens the link, creates their account with a passkey
 * and lands on the account page, signed in; under SIGN_UP=invite the sign-in page offers no
 * "Create an account". On the account page they set the profile apps receive (a refused value is
 * marked at its field); an app restricted to a group they are not in shows its refusal page, whose
 * button takes them back to the app with access_denied.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';

import { changeAppAccess } from '../../src/access/appAccess.js';
import { createGroup } from '../../src/access/groups.js';
import { launchChromium, openDevice, type PasskeyDevice } from '../support/chromium.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { invite } from './invitationLinks.js';

let provider: TestProvider;
let browser: Browser;
let app: RelyingApp;
let invitedDevice: PasskeyDevice;
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  provider = await startTestProvider({ settings: { signUp: 'invite' } });
  app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Family Photos' }));
  await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'family' });
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

describe('who may get in, in Chromium', () => {
  it('offers a stranger no "Create an account" under SIGN_UP=invite', async () => {
    const { page } = await newDevice();
    await page.goto((await app.startSignIn()).url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
    await expect(page.locator('#invitation-only').isVisible()).resolves.toBe(true);
  });

  it('creates the invited person’s account with a passkey from the link, signed in, in the invited groups', async () => {
    const { path } = await invite(provider, { email: 'invited@example.com', groups: ['family'] });
    const device = await newDevice();
    invitedDevice = device;
    const { page } = device;
    await page.goto(`${provider.issuer}${path}`);
    await expect(page.locator('#invited-email').textContent()).resolves.toBe('invited@example.com');
    await expect(page.locator('#invited-groups').textContent()).resolves.toBe('family');
    await page.getByLabel(/Your name/).fill('Ivy Invited');
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.waitForURL(`${provider.issuer}/account`);
    await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    expect(await device.credentials()).toHaveLength(1);

    const person = (await provider.store.people.findByEmail('invited@example.com'))!;
    expect(person.name).toBe('Ivy Invited');
    expect((await provider.store.groups.listByPerson(person.id)).map((group) => group.name)).toEqual(['family']);

    // The link is used up: opening it again says so plainly.
    await page.goto(`${provider.issuer}${path}`);
    await expect(page.locator('#message').textContent()).resolves.toMatch(/not valid any more/);
  });

  it('sets the profile on the account page, marking a refused value at its field until it is fixed', async () => {
    const { page } = invitedDevice;
    await page.goto(`${provider.issuer}/account`);
    await page.getByLabel('Given name').fill('Ivy');
    await page.getByLabel('Family name').fill('Invited');
    const picture = page.getByLabel('Picture address');
    await picture.fill('http://pictures.example/ivy.png');
    await page.getByRole('button', { name: 'Save your profile' }).click();
    await page.locator('#picture-error:not([hidden])').waitFor();
    expect(await picture.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#picture-error').textContent()).toContain('https://');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('picture');
    const person = (await provider.store.people.findByEmail('invited@example.com'))!;
    expect((await provider.store.people.findById(person.id))!.givenName).toBeNull();

    // Typing clears the mark; a right value saves everything.
    await picture.fill('https://pictures.example/ivy.png');
    expect(await picture.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Your language').selectOption('de');
    await page.getByRole('button', { name: 'Save your profile' }).click();
    // The page reloads in German and says so next to the profile, in its section's status.
    await page.locator('#details-status', { hasText: 'Dein Profil wurde gespeichert.' }).waitFor();
    expect(await provider.store.people.findById(person.id)).toMatchObject({
      givenName: 'Ivy', familyName: 'Invited', picture: 'https://pictures.example/ivy.png', locale: 'de',
    });
  });

  it('shows a person an app does not admit its refusal page, whose button returns to the app with access_denied', async () => {
    await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'photographers' });
    await changeAppAccess(provider.store, app.client.clientId, { allowedGroups: ['photographers'] });
    const { page } = invitedDevice;
    const pending = await app.startSignIn({ ui_locales: 'en' });
    await page.goto(pending.url);
    await page.getByRole('heading', { name: 'No access to Family Photos' }).waitFor();
    await expect(page.locator('#refusal').textContent()).resolves.toContain('invited@example.com');
    await page.getByRole('button', { name: 'Back to Family Photos' }).click();
    const callback = new URL(await invitedDevice.nextAppVisit());
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });
});
