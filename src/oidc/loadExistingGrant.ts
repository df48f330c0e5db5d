/**
 * oidc-provider's `loadExistingGrant`: the grant an authorization request starts from, which decides
 * whether the consent page is shown (it is when a requested scope is missing from the grant).
 * - A consent just given on the consent page is remembered per person and app (src/access/rememberedConsents.ts).
 * - A grant of this browser session is used as it is.
 * - A third-party app gets, in a new session, what the person allowed it before: no consent page
 *   until it asks for more, or until the person revokes it on the account page.
 * - A first-party app is trusted by the administrator who registered it: it gets what it asks for.
 * A grant is written only when it gains a scope, not at every sign-in.
 */
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

import type { OidcRecords } from '../store/ports.js';
import { findRememberedConsent, rememberConsent } from '../access/rememberedConsents.js';

export interface LoadExistingGrantDeps {
  records: OidcRecords;
  now: () => number;
}

function scopesOf(value: unknown): string[] {
  return String(value ?? '').split(' ').filter(Boolean);
}

export function createLoadExistingGrant({ records, now }: LoadExistingGrantDeps) {
  return async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
    const { client, session, provider, params, result } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    const { accountId } = session;
    const { clientId } = client;

    const consentedGrantId = result?.consent?.grantId as string | undefined;
    const grantId = consentedGrantId || session.grantIdFor(clientId);
    const sessionGrant = grantId ? await provider.Grant.find(grantId) : undefined;

    if (consentedGrantId && sessionGrant && !client.first_party) {
      // The person has just allowed this on the consent page: remember it beyond this session.
      await rememberConsent(records, {
        accountId, clientId, scopes: scopesOf(sessionGrant.getOIDCScope()), claims: sessionGrant.getOIDCClaims(), at: now(),
      });
      return sessionGrant;
    }

    const requested = scopesOf(params?.scope ?? 'openid');
    const remembered = client.first_party ? null : await findRememberedConsent(records, accountId, clientId);
    const allowed = client.first_party ? new Set(requested) : new Set(remembered?.scopes);
    const granted = new Set(scopesOf(sessionGrant?.getOIDCScope()));
    const gained = requested.filter((scope) => allowed.has(scope) && !granted.has(scope));
    const grantedClaims = new Set(sessionGrant?.getOIDCClaims());
    const gainedClaims = (remembered?.claims ?? []).filter((claim) => !grantedClaims.has(claim));
    if (gained.length === 0 && gainedClaims.length === 0) return sessionGrant;

    const grant = sessionGrant ?? new provider.Grant({ clientId, accountId });
    if (gained.length > 0) grant.addOIDCScope(gained.join(' '));
    if (gainedClaims.length > 0) grant.addOIDCClaims(gainedClaims);
    await grant.save();
    return grant;
  };
}
