/**
 * One complete sign-in, as a person in a fresh browser does it, timed step by step:
 *   authorize (the app's authorization request, answered by a redirect to the sign-in page)
 *   → page (the sign-in page, which carries the passkey challenge) → verify (ours: the signed
 *   assertion; the baseline: one `login` POST of its development form) → resume (back into the provider, which
 *   redirects to the app with the code) → token (code + PKCE verifier for tokens; ID token checked).
 * With `consent: true` the app asks for offline_access with prompt=consent, and the consent page is
 * answered too (only to obtain refresh tokens, outside the measured phases).
 */
import { performance } from 'node:perf_hooks';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

import type { SoftAuthenticator } from '../test/support/softAuthenticator.js';
import { Browser, type Hop, type Target } from './browser.js';
import type { RelyingApp } from './relyingApp.js';

export interface BenchPerson { id: string; email: string; authenticator: SoftAuthenticator }

export type StepTimes = Record<string, number>;

export interface SignInResult { steps: StepTimes; refreshToken: string | undefined }

export type Flavour = 'ours' | 'baseline';

export interface SignInContext { flavour: Flavour; target: Target; app: RelyingApp }

function expect(hop: Hop, status: number, what: string): Hop {
  if (hop.status !== status) throw new Error(`${what}: HTTP ${hop.status} ${hop.body.slice(0, 200)}`);
  return hop;
}

/** Runs one step; bench/stepCosts.ts wraps steps to read the server's CPU time around each. */
export type StepWrapper = <T>(step: string, action: () => Promise<T>) => Promise<T>;

export interface SignInOptions { consent?: boolean; wrapStep?: StepWrapper }

export async function signIn(context: SignInContext, person: BenchPerson, options: SignInOptions = {}): Promise<SignInResult> {
  const { flavour, target, app } = context;
  const steps: StepTimes = {};
  const wrap: StepWrapper = options.wrapStep ?? ((_step, action) => action());
  const time = async <T>(step: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await wrap(step, action);
    } finally {
      steps[step] = (steps[step] ?? 0) + performance.now() - started;
    }
  };
  const browser = new Browser(target);
  const pending = await app.startSignIn(options.consent ? { scope: 'openid email profile offline_access', prompt: 'consent' } : {});

  const authorized = expect(await time('authorize', () => browser.get(pending.url)), 303, 'authorization request');
  const interaction = new URL(authorized.location!).pathname;
  if (!interaction.startsWith('/interaction/')) throw new Error(`authorization request led to ${authorized.location}`);
  const page = expect(await time('page', () => browser.get(interaction)), 200, 'sign-in page');

  let resumeAt: string;
  if (flavour === 'ours') {
    // The page carries its passkey options, as the browser's autofill uses them; a synced passkey
    // answers with a signature counter of 0.
    const options = pageOptions(page.body);
    const response = person.authenticator.getAssertion(options, { origin: target.origin, counter: 0 });
    const verified = expect(await time('verify', () => browser.postJson(`${interaction}/passkey/verify`, { response })), 200, 'passkey verification');
    resumeAt = (JSON.parse(verified.body) as { redirectTo: string }).redirectTo;
  } else {
    const login = expect(await time('login', () => browser.postForm(interaction, { prompt: 'login', login: person.id, password: 'unused' })), 303, 'login form');
    resumeAt = login.location!;
  }

  const callback = await time('resume', () => followToApp(context, browser, resumeAt));
  const tokens = await time('token', () => app.finishSignIn(callback, pending));
  return { steps, refreshToken: tokens.refresh_token };
}

/** The passkey options in the sign-in page's `data-passkey-options` attribute. */
function pageOptions(html: string): PublicKeyCredentialRequestOptionsJSON {
  const match = /data-passkey-options="([^"]*)"/.exec(html);
  if (!match) throw new Error('the sign-in page carries no passkey options');
  const json = match[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return JSON.parse(json) as PublicKeyCredentialRequestOptionsJSON;
}

/** Follows redirects back to the app's callback, answering a consent page on the way if one is shown. */
async function followToApp(context: SignInContext, browser: Browser, url: string): Promise<string> {
  const redirectUri = context.app.client.redirectUri;
  let hop = await browser.get(url);
  for (let hops = 0; hops < 10; hops++) {
    if (hop.location?.startsWith(redirectUri)) return hop.location;
    if (hop.location) {
      hop = await browser.get(hop.location);
      continue;
    }
    const consent = hop.status === 200 ? /\/interaction\/[A-Za-z0-9_-]+/.exec(hop.body)?.[0] : undefined;
    if (!consent) break;
    hop = context.flavour === 'ours'
      ? await browser.postForm(`${consent}/consent`, {})
      : await browser.postForm(consent, { prompt: 'consent' });
  }
  throw new Error(`expected a redirect to the app, got HTTP ${hop.status} ${hop.body.slice(0, 200)}`);
}
