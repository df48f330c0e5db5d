/**
 * Signing keys and cookie keys: generated on first start, kept in the store, so that a restart
 * (or a second instance) invalidates no session, token or client.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Secrets } from '../store/ports.js';

export interface ProviderKeys {
  /**
   * Private JWKs, one per ID token signing algorithm an app may register: RS256 (the default, as
   * OpenID Connect Dynamic Client Registration §2 says for an app that names none), ES256, EdDSA.
   */
  jwks: { keys: Array<Record<string, unknown>> };
  cookieKeys: string[];
}

type KeyKind = 'ec' | 'rsa' | 'ed25519';

const algorithms: Record<KeyKind, string> = { ec: 'ES256', rsa: 'RS256', ed25519: 'EdDSA' };

function generate(kind: KeyKind) {
  if (kind === 'ec') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (kind === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ed25519');
}

function signingKey(kind: KeyKind): Record<string, unknown> {
  return {
    ...generate(kind).privateKey.export({ format: 'jwk' }),
    kid: randomBytes(12).toString('base64url'),
    alg: algorithms[kind],
    use: 'sig',
  };
}

/** Returns the stored keys, creating them if this is the first start. Safe when instances race. */
export async function loadOrCreateKeys(secrets: Secrets): Promise<ProviderKeys> {
  const jwks = ((await secrets.find('jwks'))
    ?? (await secrets.putIfAbsent('jwks', { keys: [signingKey('rsa'), signingKey('ec')] }))) as ProviderKeys['jwks'];
  // The EdDSA key came later than the first two: it is its own secret, so that a provider that
  // already has keys gains it without rewriting them (and instances starting at once agree on it).
  const eddsa = (await secrets.find('jwks-eddsa')) ?? (await secrets.putIfAbsent('jwks-eddsa', signingKey('ed25519')));
  const cookieKeys = (await secrets.find('cookie-keys'))
    ?? (await secrets.putIfAbsent('cookie-keys', [randomBytes(32).toString('base64url')]));
  return { jwks: { keys: [...jwks.keys, eddsa as Record<string, unknown>] }, cookieKeys: cookieKeys as string[] };
}
