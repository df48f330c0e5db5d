/**
 * Groups of people. Apps may be restricted to groups (appAccess.ts) and receive a person's group
 * names in the `groups` claim (claims.ts). Default groups are joined by every new account.
 */
import { DuplicateError, type Group, type Person, type Store } from '../store/ports.js';
import { commandSafeId } from '../tokens/commandSafeId.js';
import type { AccessDeps } from './deps.js';
import { AccessError } from './errors.js';
import { checkGroupName } from './names.js';
import { findPersonByEmail } from './people.js';

const MAX_DESCRIPTION = 200;

function newGroupId(randomBytes: AccessDeps['randomBytes']): string {
  return commandSafeId(randomBytes(12));
}

function checkDescription(input: string | null | undefined): string | null {
  const description = (input ?? '').trim().replace(/\s+/g, ' ');
  if (description.length > MAX_DESCRIPTION) throw new AccessError('profile_invalid', 'group description too long');
  return description || null;
}

export async function createGroup(
  { store, randomBytes }: Pick<AccessDeps, 'store' | 'randomBytes'>,
  input: { name: string; description?: string | null; isDefault?: boolean },
): Promise<Group> {
  const name = checkGroupName(input.name);
  try {
    return await store.groups.insert({ id: newGroupId(randomBytes), name, description: checkDescription(input.description), isDefault: input.isDefault ?? false });
  } catch (error) {
    if (error instanceof DuplicateError) throw new AccessError('group_taken', `group ${name}`);
    throw error;
  }
}

export async function findGroup(store: Store, name: string): Promise<Group> {
  const group = await store.groups.findByName(checkGroupName(name));
  if (!group) throw new AccessError('group_not_found', `group ${name}`);
  return group;
}

/** Every named group, in the order given; the first unknown name is refused and nothing is returned. */
export async function findGroups(store: Store, names: string[]): Promise<Group[]> {
  const groups: Group[] = [];
  for (const name of names) {
    const group = await findGroup(store, name);
    if (!groups.some((known) => known.id === group.id)) groups.push(group);
  }
  return groups;
}

export interface GroupSummary extends Group { members: number }

export async function listGroups(store: Store): Promise<GroupSummary[]> {
  const groups = await store.groups.list();
  return Promise.all(groups.map(async (group) => ({ ...group, members: (await store.groups.listMembers(group.id)).length })));
}

export async function updateGroup(store: Store, name: string, changes: { description?: string | null; isDefault?: boolean }): Promise<Group> {
  const group = await findGroup(store, name);
  const updated = await store.groups.update(group.id, {
    ...(changes.description !== undefined ? { description: checkDescription(changes.description) } : {}),
    ...(changes.isDefault !== undefined ? { isDefault: changes.isDefault } : {}),
  });
  if (!updated) throw new AccessError('group_not_found', `group ${name} vanished`);
  return updated;
}

/**
 * Removes a group and its memberships. Apps restricted to it keep its id in their list, which
 * nobody matches any more: an app restricted to nothing but removed groups lets nobody in.
 */
export async function removeGroup(store: Store, name: string): Promise<Group> {
  const group = await findGroup(store, name);
  await store.groups.remove(group.id);
  return group;
}

export async function addMember(store: Store, input: { group: string; email: string }): Promise<{ group: Group; person: Person; changed: boolean }> {
  const group = await findGroup(store, input.group);
  const person = await findPersonByEmail(store, input.email);
  return { group, person, changed: await store.groups.addMember(group.id, person.id) };
}

export async function removeMember(store: Store, input: { group: string; email: string }): Promise<{ group: Group; person: Person; changed: boolean }> {
  const group = await findGroup(store, input.group);
  const person = await findPersonByEmail(store, input.email);
  return { group, person, changed: await store.groups.removeMember(group.id, person.id) };
}

export async function listMembers(store: Store, name: string): Promise<{ group: Group; members: Person[] }> {
  const group = await findGroup(store, name);
  const members: Person[] = [];
  for (const personId of await store.groups.listMembers(group.id)) {
    const person = await store.people.findById(personId);
    if (person) members.push(person);
  }
  return { group, members };
}
