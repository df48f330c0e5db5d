/**
 * A real browser for end-to-end journeys: Debian's Chromium driven by playwright-core, headless.
 * Each "device" is a fresh browser context with its own virtual WebAuthn authenticator (DevTools
 * protocol), a platform authenticator that verifies the user and always finds them present, so
 * passkey ceremonies run without a person. The relying app lives at https://app.example, which does
 * not exist: every request there is remembered and none leaves the machine. Playwright's routes do
 * not see redirect hops (the provider's 303 to the callback), so visits are read from the request
 * events, and the name never resolves; direct navigations are answered by a route.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const APP_ORIGIN = 'https://app.example';

const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  `--host-resolver-rules=MAP ${new URL(APP_ORIGIN).hostname} ~NOTFOUND`,
];

/** `extraFlags`: e.g. `--ignore-certificate-errors` for a local server with a self-signed certificate. */
export function launchChromium(extraFlags: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...chromiumFlags, ...extraFlags] });
}

/**
 * A passkey as the virtual authenticator holds it (WebAuthn.Credential, binary fields in base64).
 * A copy carries the signature counter, and the provider refuses a counter that goes backwards (a
 * cloned key): copy from the device that used the passkey last, as a sync service would.
 */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
  backupEligibility?: boolean;
  backupState?: boolean;
  userName?: string;
  userDisplayName?: string;
}

export interface PasskeyDevice {
  context: BrowserContext;
  page: Page;
  /** Every URL of the relying app the browser was sent to, in order. */
  appVisits: string[];
  /** The passkeys this device's authenticator holds. */
  credentials(): Promise<VirtualCredential[]>;
  /** Whether the authenticator reports the user as verified (false: the ceremony fails, as when a person cancels). */
  setUserVerified(verified: boolean): Promise<void>;
  /** The next relying-app URL the browser was (or will be) sent to that has not been asked for yet. */
  nextAppVisit(timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export interface DeviceOptions {
  /** Passkeys the authenticator holds from the start (from another device's `credentials()`). */
  holding?: VirtualCredential[];
  /**
   * Whether the browser offers passkeys in the email field's autofill (conditional mediation).
   * Chromium's virtual authenticator answers a conditional request at once, with no one picking
   * the passkey from a list, so a page that starts autofill on load signs in before any button can
   * be pressed. Set false to be a browser without passkey autofill, where the button is the way in.
   */
  passkeyAutofill?: boolean;
  /** The User-Agent the browser sends (default: Chromium's own): the provider tells browsers apart by it. */
  userAgent?: string;
}

/** A new device; a list of passkeys is short for `{ holding: list }`. */
export async function openDevice(browser: Browser, options: DeviceOptions | VirtualCredential[] = {}): Promise<PasskeyDevice> {
  const { holding = [], passkeyAutofill = true, userAgent } = Array.isArray(options) ? { holding: options } : options;
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  if (!passkeyAutofill) {
    await context.addInitScript(() => {
      if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
    });
  }
  const page = await context.newPage();
  const appVisits: string[] = [];
  const waiting: Array<(url: string) => void> = [];
  let taken = 0;
  context.on('request', (request) => {
    const url = request.url();
    // Chromium retries a failed navigation once the error page is up: the same URL is the same visit.
    if (!url.startsWith(`${APP_ORIGIN}/`) || appVisits.includes(url)) return;
    const index = appVisits.push(url) - 1;
    waiting[index]?.(url);
  });
  await context.route(`${APP_ORIGIN}/**`, async (route) => {
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Example App</title><p>Back at the app.</p>' });
  });

  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  for (const credential of holding) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });

  return {
    context,
    page,
    appVisits,
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[];
    },
    async setUserVerified(isUserVerified) {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
    },
    nextAppVisit(timeoutMs = 10_000) {
      const index = taken++;
      if (appVisits[index]) return Promise.resolve(appVisits[index]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the browser did not return to ${APP_ORIGIN} within ${timeoutMs} ms (at ${page.url()})`)), timeoutMs);
        waiting[index] = (url) => {
          clearTimeout(timer);
          resolve(url);
        };
      });
    },
    close: () => context.close(),
  };
}
