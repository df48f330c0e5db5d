/**
 * The app that people sign in to, played by openid-client (a certified relying-party library): it
 * builds the authorization request (PKCE S256, state, nonce), redeems the code and checks the ID
 * token, including its signature against the provider's JWKS (non-repudiation checks on).
 * Its HTTP goes through bench/browser.ts, to 127.0.0.1.
 */
import * as oidc from 'openid-client';

import { send, type Target } from './browser.js';

export interface AppClient { clientId: string; clientSecret: string; redirectUri: string }

export interface PendingSignIn { url: string; verifier: string; state: string; nonce: string }

function fetchThrough(target: Target): oidc.CustomFetch {
  return async (url, options) => {
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const hop = await send(target, url, { method: options.method, headers: options.headers, body });
    const headers = new Headers();
    for (const [name, value] of Object.entries(hop.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    return new Response(hop.status === 204 || hop.status === 304 ? null : hop.body, { status: hop.status, headers });
  };
}

export class RelyingApp {
  private constructor(readonly config: oidc.Configuration, readonly client: AppClient) {}

  static async discover(target: Target, client: AppClient): Promise<RelyingApp> {
    const config = await oidc.discovery(new URL(target.origin), client.clientId, undefined, oidc.ClientSecretBasic(client.clientSecret), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: fetchThrough(target),
    });
    oidc.enableNonRepudiationChecks(config);
    return new RelyingApp(config, client);
  }

  async startSignIn(parameters: Record<string, string> = {}): Promise<PendingSignIn> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.client.redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...parameters,
    });
    return { url: url.href, verifier, state, nonce };
  }

  /** Redeems the code in the callback URL; openid-client checks state, iss, PKCE and the ID token. */
  async finishSignIn(callbackUrl: string, pending: PendingSignIn) {
    const tokens = await oidc.authorizationCodeGrant(this.config, new URL(callbackUrl), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    if (!tokens.claims()?.sub) throw new Error('no sub in the ID token');
    return tokens;
  }
}
