/**
 * The oidc-provider Client record for a new relying app: a random client_id, a secret for a
 * confidential app, and the fields its settings decide (appSettings.ts).
 */
import type { OidcPayload } from '../store/ports.js';
import { commandSafeId } from '../tokens/commandSafeId.js';
import { defaultAppSettings, metadataFields, withFields, type AppSettings } from './appSettings.js';
import type { ApplicationType } from './checkRedirectUris.js';

export type NewClientRequest = Pick<AppSettings, 'name' | 'redirectUris' | 'isPublic'>
  & Partial<Omit<AppSettings, 'name' | 'redirectUris' | 'isPublic' | 'idTokenSigningAlg'>>
  & {
    applicationType: ApplicationType;
    /** Unset or null: the provider's default (RS256). */
    idTokenSigningAlg?: AppSettings['idTokenSigningAlg'];
  };

export interface NewClient {
  clientId: string;
  /** Null for public clients. */
  clientSecret: string | null;
  metadata: OidcPayload;
}

export interface ClientRandomness {
  randomBytes: (size: number) => Uint8Array;
  now: () => Date;
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** 256 bits: a client secret (RFC 6749 §10.10 wants it unguessable). */
export function newClientSecret(deps: Pick<ClientRandomness, 'randomBytes'>): string {
  return base64url(deps.randomBytes(32));
}

export function buildClientMetadata(request: NewClientRequest, deps: ClientRandomness): NewClient {
  const settings: AppSettings = { ...defaultAppSettings, ...request, idTokenSigningAlg: request.idTokenSigningAlg ?? null };
  // 128 bits: unguessable, so that a client id alone reveals nothing and cannot collide in practice.
  const clientId = commandSafeId(deps.randomBytes(16));
  const clientSecret = settings.isPublic ? null : newClientSecret(deps);
  const metadata = withFields({
    client_id: clientId,
    client_id_issued_at: Math.floor(deps.now().getTime() / 1000),
    ...(clientSecret ? { client_secret: clientSecret } : {}),
  }, metadataFields(settings, request.applicationType));
  return { clientId, clientSecret, metadata };
}
