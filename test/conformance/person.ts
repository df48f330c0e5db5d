/**
 * The person the conformance suite's modules need at the provider: a Chromium device with a virtual
 * passkey authenticator (as in the *.chromium.test.ts tests). It opens each URL a module hands out and
 * does on our pages what a person would: creates an account the first time (the code from the
 * development outbox), signs in with the passkey, allows the app, confirms signing out. It stops at
 * the suite's own pages, at a page of another site, or at one of our refusal pages, and says where.
 */
import type { Browser, Page } from 'playwright-core';

import { openDevice, type PasskeyDevice } from '../support/chromium.js';
import { codeFrom, lastMailTo } from '../support/journeys.js';
import type { TestProvider } from '../support/testProvider.js';

export interface VisitOutcome {
  /** Where the browser stopped: back at the suite, on a page of ours that ends the journey, elsewhere. */
  ended: 'suite' | 'signed-out' | 'refusal' | 'elsewhere';
  /** The message of a refusal page, or the address where the browser stopped. */
  detail: string;
}

export interface ConformancePerson {
  /** The browser tab, for reading a page the journey ended on. */
  page: Page;
  visit(url: string): Promise<VisitOutcome>;
  /** Signs out of the browser (its cookies go; the passkey stays), as a module that starts signed out needs. */
  forgetSession(): Promise<void>;
  /** A PNG data URL of the first page of ours the last visit led to (a sign-in, confirmation or refusal page), or null. */
  firstPageOfOurs(): string | null;
  close(): Promise<void>;
}

const EMAIL = 'conformance@example.com';
const STEP_MS = 20_000;

export async function conformancePerson(browser: Browser, provider: TestProvider, suiteServer: string): Promise<ConformancePerson> {
  const device: PasskeyDevice = await openDevice(browser, { passkeyAutofill: false });
  const { page } = device;
  page.on('dialog', (dialog) => void dialog.accept());
  let hasAccount = false;
  let lastScreenshot: string | null = null;
  /** Pages of the app (or the suite) already returned by a visit. */
  const handedOut = new Set<string>();

  async function leaving(current: string, act: () => Promise<unknown>): Promise<void> {
    // A redirect to an address that does not resolve (the recipes' app) fails the wait: the loop reads where it went.
    await Promise.all([page.waitForURL((url) => url.href !== current, { timeout: STEP_MS }).catch(() => {}), act()]);
  }

  async function signUp(): Promise<void> {
    await page.locator('#signup').click();
    await page.locator('#email').fill(EMAIL);
    await page.locator('#name').fill('Conformance Tester');
    await page.locator('#send-code').click();
    await page.locator('#code').waitFor({ state: 'visible', timeout: STEP_MS });
    await page.locator('#code').fill(codeFrom((await lastMailTo(provider, EMAIL)).text));
    const current = page.url();
    await leaving(current, () => page.locator('#create-passkey').click());
    hasAccount = true;
  }

  async function heading(p: Page): Promise<string> {
    return ((await p.locator('h1').first().textContent({ timeout: STEP_MS }).catch(() => '')) ?? '').trim();
  }

  async function visit(url: string): Promise<VisitOutcome> {
    let shotThisVisit = false;
    const seenBefore = new Set(device.appVisits);
    await page.goto(url, { timeout: STEP_MS }).catch(() => { /* a redirect chain ending on a page that does not load is read below */ });
    // Pages of the app that does not resolve (the recipes' app) are seen as requests, and late: the
    // redirect hop is not, Chromium's retry of the failed navigation is, sometimes during the next visit.
    // So a page counts once, and only if it is new: not seen before this visit, not handed out already.
    // Chromium also asks such an error page for /favicon.ico, which is no visit.
    const newAppPage = () => device.appVisits
      .filter((seen) => !seenBefore.has(seen) && !handedOut.has(seen) && new URL(seen).pathname !== '/favicon.ico').at(-1);
    for (let step = 0; step < 10; step += 1) {
      await page.waitForLoadState('load', { timeout: STEP_MS }).catch(() => {});
      const appPage = newAppPage();
      if (appPage) {
        handedOut.add(appPage);
        return { ended: 'suite', detail: appPage };
      }
      const current = page.url();
      if (current.startsWith(suiteServer)) {
        handedOut.add(current);
        // The suite's callback page posts what it received back to the suite with a script.
        await page.waitForLoadState('networkidle', { timeout: STEP_MS }).catch(() => {});
        return { ended: 'suite', detail: current };
      }
      if (!current.startsWith(provider.issuer)) return { ended: 'elsewhere', detail: current };
      const title = await heading(page);
      if (!shotThisVisit) {
        lastScreenshot = `data:image/png;base64,${(await page.screenshot()).toString('base64')}`;
        shotThisVisit = true;
      }
      if (title === 'Sign in' || title.startsWith('Sign in to ')) {
        if (!hasAccount) await signUp();
        else await leaving(current, () => page.locator('#passkey').click());
      } else if (title === 'Add a backup passkey?') {
        await leaving(current, () => page.getByRole('link', { name: /^Not now/ }).click());
      } else if (/^Allow .*\?$/.test(title)) {
        await leaving(current, () => page.locator('#allow').click());
      } else if (title === 'Sign out?') {
        await leaving(current, () => page.locator('#confirm-logout').click());
      } else if (title === 'You are signed out') {
        return { ended: 'signed-out', detail: current };
      } else {
        const message = ((await page.locator('#message').textContent({ timeout: 1000 }).catch(() => null)) ?? '').trim();
        return { ended: 'refusal', detail: `${title}${message ? `: ${message}` : ''}` };
      }
    }
    return { ended: 'elsewhere', detail: `still at ${page.url()} after 10 steps` };
  }

  return {
    page,
    visit,
    forgetSession: () => device.context.clearCookies(),
    firstPageOfOurs: () => lastScreenshot,
    close: () => device.close(),
  };
}
