/**
 * The per-app settings the provider adds to standard client metadata (oidc-provider's
 * `extraClientMetadata`), each checked when a client record is loaded, and the policies that read them.
 *
 * | property               | values                    | default    | meaning                                              |
 * | ---------------------- | ------------------------- | ---------- | ---------------------------------------------------- |
 * | first_party            | boolean                   | false      | the app belongs to the operator: no consent page     |
 * | pkce                   | 'required' \| 'optional'  | 'required' | confidential apps only; public apps always need PKCE |
 * | id_token_scope_claims  | boolean                   | true       | scope claims (email, name, …) in the ID token too    |
 * | access_token_lifetime  | seconds, 60 – 86400       | 3600       | access and client-credentials tokens (tokenLifetimes.ts) |
 * | refresh_token_lifetime | seconds, 300 – 7776000    | 14 days    | refresh tokens (tokenLifetimes.ts)                   |
 */
import { errors, type Client, type KoaContextWithOIDC } from 'oidc-provider';

import type { Logger } from '../log.js';
import { checkSecretOverlapProperty, secretOverlapProperties } from './clientSecretOverlap.js';
import { checkLifetimeProperty, lifetimeProperties } from './tokenLifetimes.js';

export const PKCE_POLICIES = ['required', 'optional'] as const;
export type PkcePolicy = (typeof PKCE_POLICIES)[number];

export const clientProperties = ['first_party', 'pkce', 'id_token_scope_claims', ...lifetimeProperties, ...secretOverlapProperties] as const;

function isPublic(metadata: { token_endpoint_auth_method?: unknown }): boolean {
  return metadata.token_endpoint_auth_method === 'none';
}

/** oidc-provider's extraClientMetadata.validator: throws for a value the provider cannot honour. */
export function validateClientProperty(_ctx: unknown, key: string, value: unknown, metadata: Record<string, unknown>): void {
  const overlapProblem = checkSecretOverlapProperty(key, value);
  if (overlapProblem) throw new errors.InvalidClientMetadata(overlapProblem);
  const lifetimeProblem = checkLifetimeProperty(key, value);
  if (lifetimeProblem) throw new errors.InvalidClientMetadata(lifetimeProblem);
  if ((key === 'first_party' || key === 'id_token_scope_claims') && value !== undefined && typeof value !== 'boolean') {
    throw new errors.InvalidClientMetadata(`${key} must be a boolean`);
  }
  if (key === 'pkce' && value !== undefined) {
    if (!PKCE_POLICIES.includes(value as PkcePolicy)) throw new errors.InvalidClientMetadata(`pkce must be one of ${PKCE_POLICIES.join(', ')}`);
    if (value === 'optional' && isPublic(metadata)) throw new errors.InvalidClientMetadata('pkce cannot be optional for a public client');
  }
}

/** The PKCE policy of a client record: public apps always need it (RFC 9700 §2.1.1). */
export function pkcePolicyOf(metadata: Record<string, unknown>): PkcePolicy {
  return !isPublic(metadata) && metadata.pkce === 'optional' ? 'optional' : 'required';
}

/** Whether scope claims go into the app's ID tokens (OpenID Connect Core §5.4 allows either). */
export function wantsScopeClaimsInIdToken(client: Client | undefined): boolean {
  return client?.id_token_scope_claims !== false;
}

/**
 * oidc-provider's `pkce.required(ctx, client)`. It is asked only when an authorization request
 * carries no code_challenge, so it is also where the log names the app and the fix: an app that
 * omits PKCE is otherwise known only by the error in its own address bar.
 */
export function createPkceRequired(log: Logger) {
  return function pkceRequired(_ctx: KoaContextWithOIDC, client: Client): boolean {
    const policy = pkcePolicyOf(client.metadata());
    const app = { client_id: client.clientId, client_name: client.clientName ?? null };
    if (policy === 'required') {
      log.warn('oidc.pkce_missing', {
        ...app,
        refused: true,
        fix: isPublic(client.metadata())
          ? 'the app must send code_challenge with code_challenge_method=S256: a public app cannot sign in without PKCE'
          : `turn on PKCE (S256) in the app; if it cannot send PKCE, run: idp clients update ${client.clientId} --pkce optional`,
      });
      return true;
    }
    log.info('oidc.pkce_missing', {
      ...app,
      refused: false,
      fix: `the app is allowed to omit PKCE; once it sends it, run: idp clients update ${client.clientId} --pkce required`,
    });
    return false;
  };
}
