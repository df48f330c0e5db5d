/**
 * The oidc-provider Client record for a relying app registered by an administrator.
 * Only what differs from the provider's defaults is written, so that defaults chosen in the provider
 * configuration (the ID token signing algorithm, for one) apply to every client alike.
 */
import type { OidcPayload } from '../store/ports.js';
import type { ApplicationType } from './checkRedirectUris.js';

export interface NewClientRequest {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** A public client (SPA, native app) has no secret and authenticates with PKCE alone. */
  isPublic: boolean;
  /** A first-party app belongs to the operator of this provider (a custom metadata property it declares). */
  firstParty: boolean;
  applicationType: ApplicationType;
  /** ID token signing algorithm, when the app cannot check the provider's default (ES256). */
  idTokenSigningAlg?: 'ES256' | 'RS256';
}

export interface NewClient {
  clientId: string;
  /** Null for public clients. */
  clientSecret: string | null;
  metadata: OidcPayload;
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function buildClientMetadata(
  request: NewClientRequest,
  deps: { randomBytes: (size: number) => Uint8Array; now: () => Date },
): NewClient {
  // 128 bits: unguessable, so that a client id alone reveals nothing and cannot collide in practice.
  const clientId = base64url(deps.randomBytes(16));
  const clientSecret = request.isPublic ? null : base64url(deps.randomBytes(32));
  const metadata: OidcPayload = {
    client_id: clientId,
    client_id_issued_at: Math.floor(deps.now().getTime() / 1000),
    client_name: request.name,
    application_type: request.applicationType,
    redirect_uris: request.redirectUris,
    post_logout_redirect_uris: request.postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: request.isPublic ? 'none' : 'client_secret_basic',
    first_party: request.firstParty,
  };
  if (clientSecret) metadata.client_secret = clientSecret;
  if (request.idTokenSigningAlg) metadata.id_token_signed_response_alg = request.idTokenSigningAlg;
  return { clientId, clientSecret, metadata };
}
