/**
 * How oidc-provider learns about a person: `sub` is the person's random id, never the email.
 * Claims per scope are declared in createProvider.ts (`claims`). They go into the ID token as well
 * as userinfo (`conformIdTokenClaims: false`), as Keycloak, Google and Pocket ID do, unless the app
 * opted out (`id_token_scope_claims: false`): its ID tokens then carry only `sub`.
 */
import type { FindAccount } from 'oidc-provider';
import type { People } from '../store/ports.js';
import { wantsScopeClaimsInIdToken } from './clientPolicy.js';

export function createFindAccount(people: People): FindAccount {
  return async (ctx, sub) => {
    const person = await people.findById(sub);
    // A disabled account gets nothing: no code, token, userinfo or refresh (src/access/accounts.ts).
    if (!person || person.disabledAt) return undefined;
    return {
      accountId: person.id,
      async claims(use) {
        if (use === 'id_token' && !wantsScopeClaimsInIdToken(ctx.oidc.client)) return { sub: person.id };
        return {
          sub: person.id,
          email: person.email,
          email_verified: person.emailVerified,
          ...(person.name ? { name: person.name } : {}),
        };
      },
    };
  };
}
