/**
 * A rotated client secret may keep working for a while beside the new one, so that an app can be
 * redeployed with the new secret without an outage (as Keycloak's "client secret rotation" and
 * Zitadel allow). The Client record then carries the previous secret and until when it works:
 *
 * | property                          | values                 | meaning                                  |
 * | --------------------------------- | ---------------------- | ---------------------------------------- |
 * | previous_client_secret            | string                 | the secret replaced by the last rotation |
 * | previous_client_secret_expires_at | seconds since the epoch| it is refused from then on               |
 *
 * oidc-provider compares a presented secret with `Client#compareClientSecret` only (client_secret_basic
 * and client_secret_post, lib/shared/client_auth.js); `acceptPreviousClientSecrets` extends that one
 * method of this provider's Client class to accept the previous secret too, until it expires.
 */
import { timingSafeEqual } from 'node:crypto';

import type Provider from 'oidc-provider';

export const PREVIOUS_SECRET = 'previous_client_secret';
export const PREVIOUS_SECRET_EXPIRES_AT = 'previous_client_secret_expires_at';
export const secretOverlapProperties = [PREVIOUS_SECRET, PREVIOUS_SECRET_EXPIRES_AT] as const;

function sameSecret(expected: unknown, actual: unknown): boolean {
  if (typeof expected !== 'string' || typeof actual !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the presented secret is the previous one, still inside its overlap. */
export function matchesPreviousSecret(metadata: Record<string, unknown>, actual: unknown, nowMs: number): boolean {
  const until = metadata[PREVIOUS_SECRET_EXPIRES_AT];
  if (typeof until !== 'number' || nowMs >= until * 1000) return false;
  return sameSecret(metadata[PREVIOUS_SECRET], actual);
}

/** extraClientMetadata.validator's part for these properties. */
export function checkSecretOverlapProperty(key: string, value: unknown): string | null {
  if (value === undefined) return null;
  if (key === PREVIOUS_SECRET && typeof value !== 'string') return `${key} must be a string`;
  if (key === PREVIOUS_SECRET_EXPIRES_AT && !Number.isInteger(value)) return `${key} must be a number of seconds`;
  return null;
}

export function acceptPreviousClientSecrets(provider: Provider, now: () => number): void {
  const prototype = provider.Client.prototype as unknown as {
    compareClientSecret(this: { metadata(): Record<string, unknown> }, actual: string): Promise<boolean> | boolean;
  };
  const compareCurrent = prototype.compareClientSecret;
  prototype.compareClientSecret = async function compareClientSecret(actual) {
    if (await compareCurrent.call(this, actual)) return true;
    return matchesPreviousSecret(this.metadata(), actual, now());
  };
}
