/**
 * The journeys of journeys.ts for a provider in another process: its mail arrives over SMTP at an
 * SmtpCapture, and the browser's origin is the provider's public URL (the issuer).
 */
import type { BrowserSession, Hop } from './browserSession.js';
import { codeFrom, continueToApp, openInteraction, passkeyOptions } from './journeys.js';
import type { SmtpCapture } from './smtpCapture.js';
import type { SoftAuthenticator } from './softAuthenticator.js';

/** Sign-up from the authorization URL to the app's callback: email, mailed code, new passkey, consent. */
export async function signUpByMail(
  smtp: SmtpCapture, browser: BrowserSession, authenticator: SoftAuthenticator, authorizationUrl: string, email: string,
): Promise<Hop> {
  const base = await openInteraction(browser, authorizationUrl);
  const requested = await browser.postJson(`${base}/signup`, { email, name: 'Ada Lovelace' });
  if (requested.status !== 200) throw new Error(`sign-up refused: ${requested.status} ${requested.body}`);
  const code = codeFrom((await smtp.mailTo(email, 'sign-up code')).text ?? '');
  const confirmed = await browser.postJson(`${base}/signup/code`, { code });
  if (confirmed.status !== 200) throw new Error(`code refused: ${confirmed.status} ${confirmed.body}`);
  const response = authenticator.createCredential(confirmed.json.options, { origin: browser.origin });
  const created = await browser.postJson(`${base}/signup/passkey`, { response });
  if (created.status !== 200) throw new Error(`passkey refused: ${created.status} ${created.body}`);
  return continueToApp(browser, created.json.redirectTo);
}

/** Usernameless passkey sign-in from the authorization URL to the app's callback. */
export async function signInWithPasskey(browser: BrowserSession, authenticator: SoftAuthenticator, authorizationUrl: string): Promise<Hop> {
  const base = await openInteraction(browser, authorizationUrl);
  const options = await passkeyOptions(browser, base);
  const response = authenticator.getAssertion(options, { origin: browser.origin });
  const verified = await browser.postJson(`${base}/passkey/verify`, { response });
  if (verified.status !== 200) throw new Error(`sign-in refused: ${verified.status} ${verified.body}`);
  return continueToApp(browser, verified.json.redirectTo);
}
