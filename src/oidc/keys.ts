/**
 * Signing keys and cookie keys: generated on first start, kept in the store, so that a restart
 * (or a second instance) invalidates no session, token or client.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Secrets } from '../store/ports.js';

export interface ProviderKeys {
  /** Private JWKs: ES256 first (the default for ID tokens), RS256 for clients that register for it. */
  jwks: { keys: Array<Record<string, unknown>> };
  cookieKeys: string[];
}

function signingKey(kind: 'ec' | 'rsa'): Record<string, unknown> {
  const { privateKey } = kind === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(12).toString('base64url'),
    alg: kind === 'ec' ? 'ES256' : 'RS256',
    use: 'sig',
  };
}

/** Returns the stored keys, creating them if this is the first start. Safe when instances race. */
export async function loadOrCreateKeys(secrets: Secrets): Promise<ProviderKeys> {
  const jwks = (await secrets.find('jwks'))
    ?? (await secrets.putIfAbsent('jwks', { keys: [signingKey('ec'), signingKey('rsa')] }));
  const cookieKeys = (await secrets.find('cookie-keys'))
    ?? (await secrets.putIfAbsent('cookie-keys', [randomBytes(32).toString('base64url')]));
  return { jwks: jwks as ProviderKeys['jwks'], cookieKeys: cookieKeys as string[] };
}
