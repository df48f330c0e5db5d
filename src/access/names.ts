/**
 * What administrators may type as group names, claim names and claim values.
 * - Group names are what apps see in the `groups` claim and compare as strings (Grafana,
 *   Gitea, Nextcloud...): lower case only, so that "Family" and "family" can never be two groups.
 * - Custom claim names must not shadow a claim the provider sets itself: every registered JWT
 *   claim (RFC 7519 §4.1), every ID token and standard claim of OpenID Connect Core §2 and §5.1,
 *   the token claims of RFC 9068/RFC 7800/RFC 8693, and `groups`. Compared without case, so that
 *   `Email` cannot pass for `email` in an app that reads claims loosely.
 */
import { AccessError } from './errors.js';
import type { CustomClaims, JsonValue } from '../store/ports.js';

const GROUP_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const CLAIM_NAME = /^[A-Za-z][A-Za-z0-9_.:/-]{0,99}$/;
export const MAX_CLAIM_BYTES = 4096;
export const MAX_CLAIMS = 50;

export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  // RFC 7519 §4.1
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti',
  // OpenID Connect Core §2 and §3.1.3.6 / §3.3.2.11
  'auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash', 'c_hash', 's_hash', 'sid',
  // OpenID Connect Core §5.1 standard claims
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at', '_claim_names', '_claim_sources',
  // Tokens: RFC 9068, RFC 7800, RFC 8693, RFC 9449, introspection (RFC 7662)
  'scope', 'client_id', 'cnf', 'act', 'may_act', 'token_type', 'username', 'active', 'typ', 'kid', 'alg',
  'events', 'txn', 'htm', 'htu', 'ath', 'jkt', 'authorization_details',
  // Ours
  'groups',
]);

export function checkGroupName(input: string): string {
  const name = input.trim().toLowerCase();
  if (!GROUP_NAME.test(name)) throw new AccessError('group_name_invalid', `group name ${JSON.stringify(input)}`);
  return name;
}

export function checkClaimName(input: string): string {
  const name = input.trim();
  if (!CLAIM_NAME.test(name)) throw new AccessError('claim_name_invalid', `claim name ${JSON.stringify(input)}`);
  if (RESERVED_CLAIMS.has(name.toLowerCase())) throw new AccessError('claim_name_reserved', `claim name ${name}`);
  return name;
}

/** A claim value as typed: JSON text. Bare words that are not JSON are refused rather than guessed at. */
export function parseClaimValue(text: string): JsonValue {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    throw new AccessError('claim_value_invalid', 'not JSON');
  }
  return checkClaimValue(value);
}

export function checkClaimValue(value: JsonValue): JsonValue {
  if (value === undefined || Buffer.byteLength(JSON.stringify(value)) > MAX_CLAIM_BYTES) {
    throw new AccessError('claim_value_invalid', 'missing or too large');
  }
  return value;
}

/** A whole set of claims, as one more claim is set. */
export function checkClaims(claims: CustomClaims): CustomClaims {
  if (Object.keys(claims).length > MAX_CLAIMS) throw new AccessError('too_many_claims');
  for (const [name, value] of Object.entries(claims)) {
    checkClaimName(name);
    checkClaimValue(value);
  }
  return claims;
}
