/**
 * What a person allowed an app, remembered per person and app until they revoke it on the account
 * page. oidc-provider keeps consent in Grants, one per app and browser session, and destroys them
 * when that session signs out; this record outlives the session, so a new browser (or the same one
 * after signing out) is not asked again for what was already allowed. A request for more asks again.
 *
 * It is kept among the provider's records (by model name, id and account, which every store engine
 * keeps generically) and carries no `grantId`, so revoking a grant's tokens leaves it alone.
 */
import type { OidcRecords } from '../store/ports.js';

import { CONSENT_MODEL } from '../store/ports.js';

export { CONSENT_MODEL };

export interface RememberedConsent {
  accountId: string;
  clientId: string;
  /** OpenID scopes allowed, e.g. ['openid', 'email', 'offline_access']. */
  scopes: string[];
  /** Individual claims allowed beyond the scopes (the `claims` parameter). */
  claims: string[];
  /** When the person first allowed the app anything (seconds since the epoch). */
  since: number;
}

function recordId(accountId: string, clientId: string): string {
  return JSON.stringify([accountId, clientId]);
}

function toConsent(payload: Record<string, unknown>): RememberedConsent | null {
  const { accountId, clientId, scopes, claims, since } = payload;
  if (typeof accountId !== 'string' || typeof clientId !== 'string' || !Array.isArray(scopes)) return null;
  return {
    accountId,
    clientId,
    scopes: scopes.filter((s): s is string => typeof s === 'string'),
    claims: Array.isArray(claims) ? claims.filter((c): c is string => typeof c === 'string') : [],
    since: typeof since === 'number' ? since : 0,
  };
}

export async function findRememberedConsent(records: OidcRecords, accountId: string, clientId: string): Promise<RememberedConsent | null> {
  const payload = await records.find(CONSENT_MODEL, recordId(accountId, clientId));
  return payload ? toConsent(payload) : null;
}

/**
 * Adds what the person just allowed to what is remembered for the app (never removes anything:
 * only revoking does). Writes nothing when nothing is new.
 */
export async function rememberConsent(
  records: OidcRecords,
  input: { accountId: string; clientId: string; scopes: string[]; claims: string[]; at: number },
): Promise<void> {
  const known = await findRememberedConsent(records, input.accountId, input.clientId);
  const scopes = new Set(known?.scopes);
  const claims = new Set(known?.claims);
  const before = scopes.size + claims.size;
  for (const scope of input.scopes) scopes.add(scope);
  for (const claim of input.claims) claims.add(claim);
  if (known && scopes.size + claims.size === before) return;
  await records.upsert(CONSENT_MODEL, recordId(input.accountId, input.clientId), {
    accountId: input.accountId,
    clientId: input.clientId,
    scopes: [...scopes],
    claims: [...claims],
    since: known?.since ?? Math.floor(input.at / 1000),
  });
}

export async function listRememberedConsents(records: OidcRecords, accountId: string): Promise<RememberedConsent[]> {
  return (await records.list(CONSENT_MODEL, { accountId }))
    .map(({ payload }) => toConsent(payload))
    .filter((consent): consent is RememberedConsent => consent !== null);
}

/** Forgets what the person allowed the app; returns whether there was anything to forget. */
export async function forgetConsent(records: OidcRecords, accountId: string, clientId: string): Promise<boolean> {
  const known = await findRememberedConsent(records, accountId, clientId);
  if (!known) return false;
  await records.destroy(CONSENT_MODEL, recordId(accountId, clientId));
  return true;
}

/** Forgets everything the person allowed any app (account deletion). */
export async function forgetAllConsents(records: OidcRecords, accountId: string): Promise<number> {
  return records.destroyByAccount(CONSENT_MODEL, accountId);
}
