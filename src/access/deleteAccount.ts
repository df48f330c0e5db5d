/**
 * Deletes an account and everything that can sign in as it: first its sessions (so nobody acts as
 * it meanwhile), then its apps' grants and every token under them, then the person and their
 * passkeys. Returns the ids of the passkeys that were removed, so that the page can tell the
 * browser's passkey manager to forget them.
 */
import type { Logger } from '../log.js';
import { CONSENT_MODEL, type Person, type Store } from '../store/ports.js';

export async function deleteAccount(deps: { store: Store; log: Logger }, person: Person): Promise<{ credentialIds: string[] }> {
  const { store } = deps;
  const records = store.oidc;
  const credentialIds = (await store.credentials.listByPerson(person.id)).map((credential) => credential.id);
  const sessions = await records.destroyByAccount('Session', person.id);
  for (const grant of await records.list('Grant', { accountId: person.id })) {
    await records.revokeByGrantId(grant.id);
    await records.destroy('Grant', grant.id);
  }
  // Tokens carry their grant, so they went above; these catch any whose grant was already gone.
  for (const model of ['AccessToken', 'RefreshToken', 'AuthorizationCode', CONSENT_MODEL]) {
    await records.destroyByAccount(model, person.id);
  }
  await store.people.remove(person.id);
  deps.log.info('account.deleted', { personId: person.id, sessions, passkeys: credentialIds.length });
  return { credentialIds };
}
