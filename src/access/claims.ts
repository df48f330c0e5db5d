/**
 * The claims apps receive about a person beyond `sub` and `email`, in one place (findAccount calls
 * `claimsForApp`; oidc-provider then keeps only those the app asked for and may have):
 * - `profile` scope: name, given_name, family_name, preferred_username, picture, locale, updated_at;
 * - `groups` scope: `groups`, the names of the person's groups, sorted;
 * - custom claims (customClaims.ts), only those named in the app's access record (appAccess.ts),
 *   so that one app's claims never reach another. They come with the `openid` scope: the
 *   administrator who allowed the app to receive them has decided it should.
 */
import type { CustomClaims, Person, Store } from '../store/ports.js';
import { openAccess } from './appAccess.js';
import { resolveCustomClaims } from './customClaims.js';

export const PROFILE_CLAIMS = ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'locale', 'updated_at'] as const;
export const GROUPS_SCOPE = 'groups';
export const GROUPS_CLAIM = 'groups';

export function profileClaims(person: Person): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    name: person.name,
    given_name: person.givenName,
    family_name: person.familyName,
    preferred_username: person.preferredUsername,
    picture: person.picture,
    locale: person.locale,
    updated_at: Math.floor(person.updatedAt.getTime() / 1000),
  };
  for (const [claim, value] of Object.entries(claims)) if (value === null) delete claims[claim];
  return claims;
}

export interface AppClaims {
  /** Profile and `groups` claims: oidc-provider keeps those of the scopes granted. */
  standard: Record<string, unknown>;
  /** The custom claims this app may receive, and this person has. */
  custom: CustomClaims;
}

export async function groupNamesOf(store: Store, personId: string): Promise<string[]> {
  return (await store.groups.listByPerson(personId)).map((group) => group.name).sort();
}

export async function claimsForApp(store: Store, person: Person, clientId: string | undefined): Promise<AppClaims> {
  const groups = await store.groups.listByPerson(person.id);
  const standard: Record<string, unknown> = { ...profileClaims(person), [GROUPS_CLAIM]: groups.map((group) => group.name).sort() };
  const custom: CustomClaims = {};
  const access = clientId ? (await store.appAccess.find(clientId)) ?? openAccess(clientId) : null;
  if (access && access.claims.length > 0) {
    const resolved = resolveCustomClaims(person, groups);
    for (const name of access.claims) {
      if (Object.hasOwn(resolved.claims, name)) custom[name] = resolved.claims[name]!;
    }
  }
  return { standard, custom };
}

/** Every custom claim name some app may receive: what discovery lists beside the standard claims. */
export async function customClaimNames(store: Store): Promise<string[]> {
  const names = new Set((await store.appAccess.list()).flatMap((access) => access.claims));
  return [...names].sort();
}
