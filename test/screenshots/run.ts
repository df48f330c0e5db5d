/**
 * `npm run screenshots`: the README's pictures of the sign-in, consent and account pages, light and
 * dark, on a desktop (1280 px) and a phone (390 px), taken in Chromium from a provider in this
 * process with a person who signed up through the real pages. Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { codeFrom, lastMailTo } from '../support/journeys.js';
import { launchChromium, openDevice } from '../support/chromium.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider } from '../support/testProvider.js';
import { projectRoot } from '../../src/paths.js';

const out = join(projectRoot, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const provider = await startTestProvider({ settings: { rpName: 'Acme ID' } });
// The app has a logo on its own site (answered by a route below: nothing leaves the machine) and a
// launch address; a second app people may open shows under "Your apps" on the account page.
const LOGO = 'https://notes.example/logo.svg';
const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, {
  name: 'Notes', firstParty: false, logoUri: LOGO, launchUri: 'https://notes.example/',
}));
await registerClient(provider.store, { name: 'Wiki', launchUri: 'https://wiki.example/' });
const browser = await launchChromium();
try {
  const device = await openDevice(browser, { passkeyAutofill: false });
  await device.context.route(LOGO, (route) => route.fulfill({
    status: 200, contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#c2410c"/><path d="M14 12h14l6 6v18H14z" fill="#fff"/></svg>',
  }));
  const { page } = device;
  const email = 'ada@example.com';
  await page.goto((await app.startSignIn()).url);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel(/Your name/).fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('6-digit code from the mail').waitFor();
  await page.getByLabel('6-digit code from the mail').fill(codeFrom((await lastMailTo(provider, email)).text));
  await page.getByRole('button', { name: 'Confirm and create a passkey' }).click();
  await page.getByRole('link', { name: /^Not now/ }).click();
  await page.locator('#allow').click();
  await device.nextAppVisit();
  await page.waitForLoadState();

  const shots: Array<[string, () => Promise<unknown>]> = [
    ['sign-in', async () => page.goto((await app.startSignIn({ prompt: 'login' })).url)],
    ['consent', async () => page.goto((await app.startSignIn({ prompt: 'consent' })).url)],
    ['account', () => page.goto(`${provider.issuer}/account`)],
  ];
  for (const [width, size] of [[1280, 'desktop'], [390, 'phone']] as const) {
    await page.setViewportSize({ width, height: size === 'desktop' ? 900 : 844 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const [name, open] of shots) {
        await open();
        await page.locator('h1').waitFor();
        const file = join(out, `${name}-${colorScheme}-${size}.png`);
        // The account page is long: the phone shows its first screen, as a person sees it.
        await page.screenshot({ path: file, fullPage: size === 'desktop' && name !== 'account' ? true : false });
        console.log(file);
      }
    }
  }
  await device.close();
} finally {
  await browser.close();
  await provider.close();
}
