/**
 * Groups as the admin API and console change them, over the access services (src/access/groups.ts):
 * each change is recorded in the audit trail as the administrator's (recordChange.ts), and a person
 * removed from a group that let them into apps is told which apps they lost (notifyAccessChange.ts).
 */
import { addMember, createGroup, findGroup, removeGroup, removeMember, updateGroup } from '../access/groups.js';
import type { Group, Person } from '../store/ports.js';
import type { AdminDeps } from './deps.js';
import { notifyGroupAccessRemoved } from './notifyAccessChange.js';
import { findPersonById } from './people.js';
import { recordAdminChange, type AdminActor } from './recordChange.js';

export async function newGroup(
  deps: AdminDeps,
  who: AdminActor,
  input: { name: string; description?: string | null; isDefault?: boolean },
): Promise<Group> {
  const group = await createGroup(deps, input);
  await recordAdminChange(deps, who, { action: 'group.create', target: group.name });
  return group;
}

export async function changeGroup(
  deps: AdminDeps,
  who: AdminActor,
  name: string,
  changes: { description?: string | null; isDefault?: boolean },
): Promise<Group> {
  const group = await updateGroup(deps.store, name, changes);
  await recordAdminChange(deps, who, { action: 'group.update', target: group.name, detail: { fields: Object.keys(changes) } });
  return group;
}

export async function deleteGroup(deps: AdminDeps, who: AdminActor, name: string): Promise<Group> {
  const group = await removeGroup(deps.store, name);
  await recordAdminChange(deps, who, { action: 'group.remove', target: group.name });
  return group;
}

/** Adds the person (by id) to the group; nothing changes, and nothing is recorded, if they are in it. */
export async function addGroupMember(deps: AdminDeps, who: AdminActor, input: { group: string; personId: string }): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonById(deps.store, input.personId);
  const { group, changed } = await addMember(deps.store, { group: input.group, email: person.email });
  if (changed) await recordAdminChange(deps, who, { action: 'group.member.add', target: group.name, personId: person.id });
  return { person, changed };
}

/** Removes the person (by id) from the group, and tells them of the apps they can no longer use. */
export async function removeGroupMember(deps: AdminDeps, who: AdminActor, input: { group: string; personId: string }): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonById(deps.store, input.personId);
  await findGroup(deps.store, input.group);
  const { changed, group } = await removeMember(deps.store, { group: input.group, email: person.email });
  if (changed) {
    await recordAdminChange(deps, who, { action: 'group.member.remove', target: group.name, personId: person.id });
    await notifyGroupAccessRemoved(deps, person, group);
  }
  return { person, changed };
}
