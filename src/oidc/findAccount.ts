/**
 * How oidc-provider learns about a person: `sub` is the person's random id, never the email.
 * Claims per scope are declared in configuration.ts (`claims`).
 */
import type { FindAccount } from 'oidc-provider';
import type { People } from '../store/ports.js';

export function createFindAccount(people: People): FindAccount {
  return async (_ctx, sub) => {
    const person = await people.findById(sub);
    // A disabled account gets nothing: no code, token, userinfo or refresh (src/access/accounts.ts).
    if (!person || person.disabledAt) return undefined;
    return {
      accountId: person.id,
      async claims() {
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
