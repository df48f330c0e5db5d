/**
 * Per-app access: which people may sign in to an app, and which custom claims it receives.
 *
 * New apps are open to every account (README "Who may sign in to which app"): accounts are
 * themselves gated by the sign-up policy, which is invitation-only unless the provider runs on
 * localhost, and an app that starts closed would refuse everyone, its own administrator included,
 * until someone restricts it. `idp clients list` shows each app's access either way.
 *
 * A restricted app lets in members of any of its allowed groups; a person outside them is refused
 * at the provider (no code is issued) and the app receives `access_denied`. Allowed groups are
 * kept by id, so a group removed and created again under the same name does not regain access.
 */
import type { AppAccess, Group, Person, Store } from '../store/ports.js';
import { AccessError } from './errors.js';
import { findGroups } from './groups.js';
import { checkClaimName } from './names.js';

export interface AppAccessView {
  clientId: string;
  /** Null: open to every account. */
  allowedGroups: string[] | null;
  claims: string[];
}

export function openAccess(clientId: string): AppAccess {
  return { clientId, allowedGroupIds: null, claims: [] };
}

async function groupNames(store: Store, ids: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const id of ids) {
    const group = await store.groups.findById(id);
    if (group) names.push(group.name);
  }
  return names.sort();
}

export async function describeAppAccess(store: Store, clientId: string): Promise<AppAccessView> {
  const access = (await store.appAccess.find(clientId)) ?? openAccess(clientId);
  return {
    clientId,
    allowedGroups: access.allowedGroupIds === null ? null : await groupNames(store, access.allowedGroupIds),
    claims: access.claims,
  };
}

export interface AppAccessChanges {
  /** Null opens the app to every account; a list (group names) restricts it to their members. */
  allowedGroups?: string[] | null;
  /** Names of the custom claims the app receives (replaces the list). */
  claims?: string[];
}

/** Checks every name first: a refused change writes nothing. */
export async function changeAppAccess(store: Store, clientId: string, changes: AppAccessChanges): Promise<AppAccessView> {
  if (!(await store.oidc.find('Client', clientId))) throw new AccessError('client_not_found', `client ${clientId}`);
  const current = (await store.appAccess.find(clientId)) ?? openAccess(clientId);
  let allowedGroupIds = current.allowedGroupIds;
  if (changes.allowedGroups !== undefined) {
    allowedGroupIds = changes.allowedGroups === null ? null : (await findGroups(store, changes.allowedGroups)).map((group: Group) => group.id);
  }
  const claims = changes.claims === undefined ? current.claims : [...new Set(changes.claims.map(checkClaimName))];
  await store.appAccess.put({ clientId, allowedGroupIds, claims });
  return describeAppAccess(store, clientId);
}

export async function forgetApp(store: Store, clientId: string): Promise<void> {
  await store.appAccess.remove(clientId);
}

export type AccessDecision =
  | { allowed: true; access: AppAccess }
  | { allowed: false; reason: 'disabled' | 'not_in_allowed_groups'; allowedGroups: string[] };

/** May this person use this app? The one place the rule is decided. */
export async function decideAppAccess(store: Store, person: Person, clientId: string): Promise<AccessDecision> {
  const access = (await store.appAccess.find(clientId)) ?? openAccess(clientId);
  if (person.disabledAt) return { allowed: false, reason: 'disabled', allowedGroups: [] };
  if (access.allowedGroupIds === null) return { allowed: true, access };
  const mine = new Set((await store.groups.listByPerson(person.id)).map((group) => group.id));
  if (access.allowedGroupIds.some((id) => mine.has(id))) return { allowed: true, access };
  return { allowed: false, reason: 'not_in_allowed_groups', allowedGroups: await groupNames(store, access.allowedGroupIds) };
}
