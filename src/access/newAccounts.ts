/**
 * What a new account starts with: every default group, plus the groups of the invitation it was
 * created through (and the administrator flag, when the invitation says so). Groups removed since
 * the invitation was made are skipped.
 */
import type { Invitation, Person, Store } from '../store/ports.js';

export async function joinNewAccountGroups(store: Store, person: Person, invitation: Invitation | null): Promise<string[]> {
  const defaults = (await store.groups.list()).filter((group) => group.isDefault).map((group) => group.id);
  const joined: string[] = [];
  for (const groupId of new Set([...defaults, ...(invitation?.groupIds ?? [])])) {
    const group = await store.groups.findById(groupId);
    if (!group) continue;
    await store.groups.addMember(group.id, person.id);
    joined.push(group.name);
  }
  return joined.sort();
}
