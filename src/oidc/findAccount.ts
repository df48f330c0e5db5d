/**
 * How oidc-provider learns about a person: `sub` is the person's random id, never the email.
 * Claims per scope are declared in createProvider.ts (`claims`): `email`, `profile` and `groups`;
 * what each holds comes from src/access/claims.ts, which also narrows custom claims to those the
 * app may receive (they travel under CUSTOM_CLAIMS: customClaims.ts). Claims go into the ID token
 * as well as userinfo (`conformIdTokenClaims: false`), as Keycloak, Google and Pocket ID do, unless
 * the app opted out (`id_token_scope_claims: false`): its ID tokens then carry only `sub` (and
 * `sid`, the session they came from, which every ID token carries: sessionIdClaim.ts).
 *
 * At the token endpoint (a code or refresh token exchanged, a device code polled) the app's access
 * rule is asked again (src/access/appAccess.ts): a person the app no longer admits gets no token,
 * so a refresh token stops working as soon as its person leaves the app's allowed groups. What
 * that asks of the store is read once per request and kept for the claims (requestReads.ts).
 */
import type { FindAccount } from 'oidc-provider';

import { decideAppAccess } from '../access/appAccess.js';
import { claimsForApp } from '../access/claims.js';
import type { Store } from '../store/ports.js';
import { wantsScopeClaimsInIdToken } from './clientPolicy.js';
import { CUSTOM_CLAIMS } from './customClaims.js';
import { readsOfRequest } from './requestReads.js';
import { sessionIdFor } from './sessionIdClaim.js';

export function createFindAccount(store: Store): FindAccount {
  return async (ctx, sub, token) => {
    // The person, app access and groups are read once per request (requestReads.ts).
    const reads = readsOfRequest(store, ctx);
    const person = await reads.people.findById(sub);
    // A disabled account gets nothing: no code, token, userinfo or refresh (src/access/accounts.ts).
    if (!person || person.disabledAt) return undefined;
    const clientId = ctx.oidc.client?.clientId;
    if (ctx.oidc.route === 'token' && clientId && !(await decideAppAccess(reads, person, clientId)).allowed) return undefined;
    return {
      accountId: person.id,
      async claims(use) {
        // The session the ID token came from (sessionIdClaim.ts); userinfo does not say it.
        const sid = use === 'id_token' ? await sessionIdFor(store.oidc, token, clientId, ctx) : undefined;
        if (use === 'id_token' && !wantsScopeClaimsInIdToken(ctx.oidc.client)) return { sub: person.id, sid };
        const { standard, custom } = await claimsForApp(reads, person, ctx.oidc.client?.clientId);
        return {
          sub: person.id,
          sid,
          email: person.email,
          email_verified: person.emailVerified,
          ...standard,
          [CUSTOM_CLAIMS]: custom,
        };
      },
    };
  };
}
