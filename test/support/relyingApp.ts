/**
 * The relying app in tests: a client registered like the `idp` command does, played by
 * openid-client (a certified relying-party library), which checks the ID token, PKCE, state,
 * nonce and the `iss` authorization response parameter.
 */
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';

import type { AppSettings } from '../../src/clients/appSettings.js';
import { buildClientMetadata } from '../../src/clients/buildClientMetadata.js';
import type { Store } from '../../src/store/ports.js';

export interface RegisteredClient { clientId: string; clientSecret: string | null; redirectUri: string; postLogoutRedirectUri?: string }

export interface DiscoverOptions {
  /** How openid-client reaches the provider (the benchmark sends through its own keep-alive agent). */
  fetch?: oidc.CustomFetch;
  /** Also check ID token signatures against the provider's JWKS (openid-client's non-repudiation checks). */
  checkSignatures?: boolean;
}

export async function registerClient(
  store: Store,
  options: Partial<Omit<AppSettings, 'redirectUris' | 'postLogoutRedirectUris'>> & { extra?: Record<string, unknown> } = {},
): Promise<RegisteredClient> {
  const redirectUri = 'https://app.example/callback';
  const postLogoutRedirectUri = 'https://app.example/signed-out';
  const { extra, ...settings } = options;
  const client = buildClientMetadata({
    ...settings,
    name: options.name ?? 'Example App',
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [postLogoutRedirectUri],
    isPublic: options.isPublic ?? false,
    firstParty: options.firstParty ?? true,
    applicationType: 'web',
  }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
  await store.oidc.upsert('Client', client.clientId, { ...client.metadata, ...extra });
  return { clientId: client.clientId, clientSecret: client.clientSecret, redirectUri, postLogoutRedirectUri };
}

/** `verifier` is empty when the app sent no PKCE (as some libraries cannot). */
export interface PendingSignIn { url: string; verifier: string; state: string; nonce: string }

export class RelyingApp {
  private constructor(readonly config: oidc.Configuration, readonly client: RegisteredClient) {}

  static async discover(issuer: string, client: RegisteredClient, options: DiscoverOptions = {}): Promise<RelyingApp> {
    const auth = client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None();
    const config = await oidc.discovery(new URL(issuer), client.clientId, undefined, auth, {
      execute: [oidc.allowInsecureRequests],
      ...(options.fetch ? { [oidc.customFetch]: options.fetch } : {}),
    });
    if (options.checkSignatures) oidc.enableNonRepudiationChecks(config);
    return new RelyingApp(config, client);
  }

  async startSignIn(parameters: Record<string, string> = {}, options: { pkce?: boolean } = {}): Promise<PendingSignIn> {
    const verifier = options.pkce === false ? '' : oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.client.redirectUri,
      scope: 'openid email profile',
      ...(verifier ? { code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' } : {}),
      state,
      nonce,
      ...parameters,
    });
    return { url: url.href, verifier, state, nonce };
  }

  /** Redeems the code in the callback URL; openid-client validates the response and the ID token. */
  finishSignIn(callbackUrl: string, pending: PendingSignIn) {
    return oidc.authorizationCodeGrant(this.config, new URL(callbackUrl), {
      pkceCodeVerifier: pending.verifier || undefined,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  }

  refresh(refreshToken: string) {
    return oidc.refreshTokenGrant(this.config, refreshToken);
  }

  userinfo(accessToken: string, sub: string) {
    return oidc.fetchUserInfo(this.config, accessToken, sub);
  }

  endSessionUrl(idTokenHint: string): string {
    const parameters: Record<string, string> = { id_token_hint: idTokenHint };
    if (this.client.postLogoutRedirectUri) parameters.post_logout_redirect_uri = this.client.postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(this.config, parameters).href;
  }
}
