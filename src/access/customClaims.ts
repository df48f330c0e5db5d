/**
 * Custom claims: JSON values administrators set on people and on groups, which apps receive only
 * when the app is allowed to (appAccess.ts). What a person ends up with, when several sources give
 * the same claim, follows one rule (README "Custom claims"):
 *
 *   1. The person's own value wins over every group's.
 *   2. Otherwise, when every group that gives the claim gives an array, the person receives all of
 *      their elements: the union, without repeats, in the order of the groups' names.
 *      (Two groups giving `roles: ["ocis-admin"]` and `roles: ["cloud-admin"]` make both roles.)
 *   3. Otherwise the group whose name sorts first (by code point) wins, and the claim is reported
 *      as a conflict by `idp users show` and when an administrator sets the claim that causes it,
 *      so that it is never silently decided by the order in which groups were created or read.
 *
 * Groups that give equal values do not conflict.
 */
import { isDeepStrictEqual } from 'node:util';

import type { CustomClaims, Group, JsonValue, Person, Store } from '../store/ports.js';
import { AccessError } from './errors.js';
import { findGroup } from './groups.js';
import { checkClaimName, checkClaims, checkClaimValue, MAX_CLAIMS } from './names.js';
import { findPersonByEmail } from './people.js';

export interface ClaimSource {
  /** `person`, or `group:<name>`. */
  from: string;
  value: JsonValue;
}

export interface ResolvedClaims {
  claims: CustomClaims;
  /** Where each claim came from, in the order the rule considered them. */
  sources: Record<string, ClaimSource[]>;
  /** Claims that groups disagree about (rule 3), with the group that won. */
  conflicts: Array<{ claim: string; winner: string; groups: string[] }>;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function union(arrays: JsonValue[][]): JsonValue[] {
  const merged: JsonValue[] = [];
  for (const element of arrays.flat()) {
    if (!merged.some((known) => isDeepStrictEqual(known, element))) merged.push(element);
  }
  return merged;
}

export function resolveCustomClaims(person: Pick<Person, 'claims'>, groups: Array<Pick<Group, 'name' | 'claims'>>): ResolvedClaims {
  const ordered = [...groups].sort((a, b) => byCodePoint(a.name, b.name));
  const names = new Set([...Object.keys(person.claims), ...ordered.flatMap((group) => Object.keys(group.claims))]);
  const resolved: ResolvedClaims = { claims: {}, sources: {}, conflicts: [] };
  for (const claim of [...names].sort(byCodePoint)) {
    const given = ordered.filter((group) => Object.hasOwn(group.claims, claim)).map((group) => ({ from: `group:${group.name}`, value: group.claims[claim]! }));
    const own = Object.hasOwn(person.claims, claim) ? [{ from: 'person', value: person.claims[claim]! }] : [];
    resolved.sources[claim] = [...own, ...given];
    if (own.length > 0) {
      resolved.claims[claim] = own[0]!.value;
    } else if (given.every(({ value }) => Array.isArray(value))) {
      resolved.claims[claim] = union(given.map(({ value }) => value as JsonValue[]));
    } else {
      resolved.claims[claim] = given[0]!.value;
      if (given.some(({ value }) => !isDeepStrictEqual(value, given[0]!.value))) {
        resolved.conflicts.push({ claim, winner: given[0]!.from.slice('group:'.length), groups: given.map(({ from }) => from.slice('group:'.length)) });
      }
    }
  }
  return resolved;
}

/** What a person receives (before an app's own list narrows it). */
export async function customClaimsOf(store: Store, person: Person): Promise<ResolvedClaims> {
  return resolveCustomClaims(person, await store.groups.listByPerson(person.id));
}

function withClaim(claims: CustomClaims, name: string, value: JsonValue | undefined): CustomClaims {
  const next = { ...claims };
  if (value === undefined) delete next[name];
  else next[name] = checkClaimValue(value);
  if (Object.keys(next).length > MAX_CLAIMS) throw new AccessError('too_many_claims');
  return checkClaims(next);
}

/** Sets (or, with `value` undefined, removes) one custom claim of a person. */
export async function setPersonClaim(store: Store, input: { email: string; name: string; value: JsonValue | undefined }): Promise<Person> {
  const name = checkClaimName(input.name);
  const person = await findPersonByEmail(store, input.email);
  const updated = await store.people.update(person.id, { claims: withClaim(person.claims, name, input.value) });
  if (!updated) throw new AccessError('person_not_found', 'vanished');
  return updated;
}

/**
 * Sets (or removes) one custom claim of a group. Returns the members for whom the claim is now a
 * conflict between groups (rule 3), so that the administrator hears of it at once.
 */
export async function setGroupClaim(
  store: Store,
  input: { group: string; name: string; value: JsonValue | undefined },
): Promise<{ group: Group; conflicts: Array<{ email: string; groups: string[]; winner: string }> }> {
  const name = checkClaimName(input.name);
  const group = await findGroup(store, input.group);
  const updated = await store.groups.update(group.id, { claims: withClaim(group.claims, name, input.value) });
  if (!updated) throw new AccessError('group_not_found', 'vanished');
  const conflicts = [];
  for (const personId of await store.groups.listMembers(group.id)) {
    const person = await store.people.findById(personId);
    if (!person) continue;
    const conflict = (await customClaimsOf(store, person)).conflicts.find((found) => found.claim === name);
    if (conflict) conflicts.push({ email: person.email, groups: conflict.groups, winner: conflict.winner });
  }
  return { group: updated, conflicts };
}
