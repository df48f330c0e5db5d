/**
 * The journeys of journeys.ts for a provider in another process: its mail arrives over SMTP at an
 * SmtpCapture, and the browser's origin is the provider's public URL (the issuer).
 */
import type { ParsedMail } from 'mailparser';

import type { BrowserSession, Hop } from './browserSession.js';
import { codeFrom, continueToApp, openInteraction, passkeyOptions } from './journeys.js';
import type { SmtpCapture } from './smtpCapture.js';
import type { SoftAuthenticator } from './softAuthenticator.js';

/** The first mail to `to` whose subject contains `subject`, waiting for it to arrive. */
export async function mailTo(smtp: SmtpCapture, to: string, subject: string, timeoutMs = 10_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = smtp.mails.find((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(to) && m.subject?.includes(subject));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to}; got: ${smtp.mails.map((m) => m.subject).join(', ') || 'none'}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** Sign-up from the authorization URL to the app's callback: email, mailed code, new passkey, consent. */
export async function signUpByMail(
  smtp: SmtpCapture, browser: BrowserSession, authenticator: SoftAuthenticator, authorizationUrl: string, email: string,
): Promise<Hop> {
  const base = await openInteraction(browser, authorizationUrl);
  const requested = await browser.postJson(`${base}/signup`, { email, name: 'Ada Lovelace' });
  if (requested.status !== 200) throw new Error(`sign-up refused: ${requested.status} ${requested.body}`);
  const code = codeFrom((await mailTo(smtp, email, 'sign-up code')).text ?? '');
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
