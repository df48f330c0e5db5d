/**
 * "I lost a device / this was not me": removes the passkeys the person chose, each as "Remove this
 * passkey" does (removePasskey.ts: its mail, and never the last one), then signs out every other
 * browser and takes every app's access away, refresh tokens included (signOutEverywhere.ts). The
 * browser that asks stays signed in. Choosing no passkey is allowed: a stolen session or token is
 * then what gets thrown out.
 *
 * The choice is checked whole before anything changes: an id that is not one of the account's
 * passkeys, or a choice of every passkey (which would leave no way in), is refused with nothing
 * removed. Passkeys go before the sessions, so that whoever holds the lost device cannot sign in
 * again in between and keep the new session.
 */
import { PublicError } from '../errors/publicError.js';
import type { Credential, Person } from '../store/ports.js';
import type { AccountDeps } from './deps.js';
import { sessionEnding } from '../sessions/endSessions.js';
import { removePasskey } from './removePasskey.js';
import { signOutEverywhere } from './signOutEverywhere.js';

export interface LostDeviceReport { removed: Credential[]; sessions: number; apps: number }

/** The passkey ids a form sends: separated by spaces (credential ids are base64url, so have none). */
export function chosenPasskeyIds(ids: string): string[] {
  return [...new Set(ids.split(/\s+/).filter(Boolean))];
}

export async function reportLostDevice(
  deps: Pick<AccountDeps, 'store' | 'mailer' | 'log' | 'now' | 'notifyApps'>,
  input: { person: Person; keepSessionUid: string; credentialIds: string[] },
): Promise<LostDeviceReport> {
  const { store } = deps;
  const { person, credentialIds } = input;
  const owned = new Set((await store.credentials.listByPerson(person.id)).map((credential) => credential.id));
  // Ensure every chosen passkey is the account's, and that at least one is left.
  const unknown = credentialIds.find((id) => !owned.has(id));
  if (unknown !== undefined) throw new PublicError('passkey_not_found', `credential ${unknown} is not the account's`);
  if (credentialIds.length > 0 && credentialIds.length >= owned.size) throw new PublicError('every_passkey_chosen', `${credentialIds.length} of ${owned.size}`);

  const removed: Credential[] = [];
  for (const credentialId of credentialIds) removed.push(await removePasskey(deps, { person, credentialId }));
  const { sessions, apps } = await signOutEverywhere(sessionEnding(deps), { accountId: person.id, keepUid: input.keepSessionUid });
  deps.log.info('account.lost_device', { personId: person.id, removedPasskeys: removed.length, sessionsEnded: sessions, appsRevoked: apps });
  return { removed, sessions, apps };
}
