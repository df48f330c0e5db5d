/**
 * Deletes an account and everything that can sign in as it: first its sessions (so nobody acts as
 * it meanwhile; their apps are told, as for every ending session), then its apps' grants and every
 * token under them (endEverything.ts), then the person and their passkeys. Returns the ids of the passkeys that were removed, so that the page can tell the
 * browser's passkey manager to forget them.
 */
import type { Logger } from '../log.js';
import type { Person } from '../store/ports.js';
import { keepAnAdministrator } from './administrators.js';
import { endEverything, type EndEverythingDeps } from './endEverything.js';

export async function deleteAccount(deps: EndEverythingDeps & { log: Logger }, person: Person): Promise<{ credentialIds: string[] }> {
  const { store } = deps;
  // Never the last active administrator: its flag goes first, refused as for disabling (administrators.ts).
  if (person.isAdmin) await keepAnAdministrator(store, person, { isAdmin: false });
  const credentialIds = (await store.credentials.listByPerson(person.id)).map((credential) => credential.id);
  const sessions = await endEverything(deps, person.id);
  await store.people.remove(person.id);
  deps.log.info('account.deleted', { personId: person.id, sessions, passkeys: credentialIds.length });
  return { credentialIds };
}
