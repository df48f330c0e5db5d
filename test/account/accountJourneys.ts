/**
 * Steps on the account page over HTTP, for the account tests: sign up through an app (which leaves
 * the browser signed in), sign in on the account page itself, confirm with a passkey, add one.
 */
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

import { BrowserSession, type Hop } from '../support/browserSession.js';
import { signUp } from '../support/journeys.js';
import type { RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import type { TestProvider } from '../support/testProvider.js';

export interface Person { browser: BrowserSession; authenticator: SoftAuthenticator; email: string; sub: string }

/** A new account, signed up through `app` in a browser that stays signed in. */
export async function newPerson(provider: TestProvider, app: RelyingApp, email: string, authenticator = new SoftAuthenticator()): Promise<Person> {
  const browser = new BrowserSession(provider.origin);
  const pending = await app.startSignIn();
  const callback = await signUp(provider, browser, authenticator, pending.url, email);
  const tokens = await app.finishSignIn(callback.location!, pending);
  return { browser, authenticator, email, sub: tokens.claims()!.sub };
}

export function expectOk(hop: Hop): Hop {
  if (hop.status !== 200) throw new Error(`expected 200 from ${hop.url}, got ${hop.status}: ${hop.body.slice(0, 300)}`);
  return hop;
}

/** Signs in on the account page with a usernameless passkey (no app involved). */
export async function signInOnAccountPage(provider: TestProvider, browser: BrowserSession, authenticator: SoftAuthenticator): Promise<Hop> {
  const options = expectOk(await browser.postJson('/account/sign-in/options', {})).json as PublicKeyCredentialRequestOptionsJSON;
  return browser.postJson('/account/sign-in', { response: authenticator.getAssertion(options, { origin: provider.origin }) });
}

/** A fresh confirmation with the passkey, as the page asks before a sensitive action. */
export async function confirmWithPasskey(provider: TestProvider, person: Pick<Person, 'browser' | 'authenticator'>): Promise<Hop> {
  const options = expectOk(await person.browser.postJson('/account/verify/options', {})).json as PublicKeyCredentialRequestOptionsJSON;
  return person.browser.postJson('/account/verify', { response: person.authenticator.getAssertion(options, { origin: provider.origin }) });
}

/** Adds a passkey made by `authenticator` to the signed-in account of `browser`. */
export async function addPasskey(provider: TestProvider, browser: BrowserSession, authenticator: SoftAuthenticator): Promise<Hop> {
  const options = expectOk(await browser.postJson('/account/passkeys/options', {})).json as PublicKeyCredentialCreationOptionsJSON;
  return browser.postJson('/account/passkeys', { response: authenticator.createCredential(options, { origin: provider.origin }) });
}

/** A clock the test moves forward; the provider's records and ceremonies expire by it. */
export function testClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}
