/**
 * Whole journeys over HTTP with the software authenticator: what a browser and a person do on our
 * pages, step by step, so that tests can stop at any step and try something else.
 */
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

import type { BrowserSession, Hop } from './browserSession.js';
import type { SoftAuthenticator } from './softAuthenticator.js';
import type { TestProvider } from './testProvider.js';

/** Follows the authorization URL to our interaction page; returns the interaction's base path. */
export async function openInteraction(browser: BrowserSession, authorizationUrl: string): Promise<string> {
  const hop = await browser.follow(authorizationUrl, 'https://app.example');
  const match = /\/interaction\/([A-Za-z0-9_-]+)/.exec(hop.url);
  if (!match || hop.status !== 200) throw new Error(`expected the sign-in page, got ${hop.status} at ${hop.url}`);
  return `/interaction/${match[1]}`;
}

/**
 * The newest mail the development outbox holds for `to`, once the outbox worker has delivered every
 * mail queued so far (it sends beside the request, so a page may answer before its mail is there).
 */
export async function lastMailTo(provider: Pick<TestProvider, 'mailer'>, to: string) {
  await provider.mailer.deliverDue();
  const mail = provider.mailer.outbox?.list().find((m) => m.to === to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

export function codeFrom(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error('no 6-digit code in the mail');
  return match[1];
}

/** Sign-up up to the passkey creation options (email, mailed code). */
export async function proveAddress(provider: TestProvider, browser: BrowserSession, base: string, email: string, name?: string) {
  const requested = await browser.postJson(`${base}/signup`, name ? { email, name } : { email });
  if (requested.status !== 200) throw new Error(`sign-up refused: ${requested.body}`);
  const code = codeFrom((await lastMailTo(provider, email)).text);
  const confirmed = await browser.postJson(`${base}/signup/code`, { code });
  if (confirmed.status !== 200) throw new Error(`code refused: ${confirmed.body}`);
  return confirmed.json.options as PublicKeyCredentialCreationOptionsJSON;
}

/** Follows `redirectTo` through consent (allowing it) to the app's callback. */
export async function continueToApp(browser: BrowserSession, redirectTo: string): Promise<Hop> {
  let hop = await browser.follow(redirectTo, 'https://app.example');
  if (hop.location?.startsWith('https://app.example')) return hop;
  const consent = /\/interaction\/([A-Za-z0-9_-]+)/.exec(hop.url);
  if (!consent) throw new Error(`expected a redirect to the app, got ${hop.status} at ${hop.url}`);
  const allowed = await browser.postForm(`/interaction/${consent[1]}/consent`, {});
  hop = await browser.follow(allowed.location!, 'https://app.example');
  if (!hop.location?.startsWith('https://app.example')) throw new Error(`consent did not lead to the app: ${hop.status} ${hop.url}`);
  return hop;
}

export async function signUp(
  provider: TestProvider, browser: BrowserSession, authenticator: SoftAuthenticator, authorizationUrl: string, email: string,
): Promise<Hop> {
  const base = await openInteraction(browser, authorizationUrl);
  const options = await proveAddress(provider, browser, base, email, 'Ada Lovelace');
  const response = authenticator.createCredential(options, { origin: provider.origin });
  const created = await browser.postJson(`${base}/signup/passkey`, { response });
  if (created.status !== 200) throw new Error(`passkey refused: ${created.body}`);
  return continueToApp(browser, created.json.redirectTo);
}

export async function passkeyOptions(browser: BrowserSession, base: string, body: Record<string, string> = {}) {
  const hop = await browser.postJson(`${base}/passkey/options`, body);
  if (hop.status !== 200) throw new Error(`options refused: ${hop.body}`);
  return hop.json as PublicKeyCredentialRequestOptionsJSON;
}

export async function signIn(
  provider: TestProvider, browser: BrowserSession, authenticator: SoftAuthenticator, authorizationUrl: string,
): Promise<Hop> {
  const base = await openInteraction(browser, authorizationUrl);
  const options = await passkeyOptions(browser, base);
  const response = authenticator.getAssertion(options, { origin: provider.origin });
  const verified = await browser.postJson(`${base}/passkey/verify`, { response });
  if (verified.status !== 200) throw new Error(`sign-in refused: ${verified.body}`);
  return continueToApp(browser, verified.json.redirectTo);
}

/** The passkey options the sign-in page came with (its `data-passkey-options`), or null. */
export function pageOptions(page: Hop): PublicKeyCredentialRequestOptionsJSON | null {
  const match = /data-passkey-options="([^"]*)"/.exec(page.body);
  if (!match) return null;
  const json = match[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return JSON.parse(json) as PublicKeyCredentialRequestOptionsJSON;
}
