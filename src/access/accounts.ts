/**
 * Accounts administrators manage: disable, enable, remove, and describe.
 *
 * Disabling ends the account's sessions and revokes every grant and token it holds, so its refresh
 * tokens fail at once; while disabled it cannot sign in (findAccount and the passkey steps refuse it)
 * and nothing issued to it works. Enabling lets it sign in again; apps ask for consent again.
 * Removal is the account page's deletion (deleteAccount.ts).
 */
import { deleteAccount } from './deleteAccount.js';
export { endEverything } from './endEverything.js';
import { listConnectedApps } from './connectedApps.js';
import { listSessions } from '../sessions/sessionActivity.js';
import type { Logger } from '../log.js';
import type { Person, Store } from '../store/ports.js';
import { keepAnAdministrator } from './administrators.js';
import { customClaimsOf } from './customClaims.js';
import { endEverything, type EndEverythingDeps } from './endEverything.js';
import { AccessError } from './errors.js';
import { findPersonByEmail } from './people.js';

/** `changed`: false when the account already was disabled. */
export async function disableAccount(deps: EndEverythingDeps & { now: () => number; log: Logger }, email: string): Promise<{ person: Person; sessions: number; changed: boolean }> {
  const { store } = deps;
  const person = await findPersonByEmail(store, email);
  // Disabled first, so that nothing signs in between ending the sessions and setting the flag.
  // Never the last active administrator (administrators.ts).
  const disabled = person.disabledAt ? person : await keepAnAdministrator(store, person, { disabledAt: new Date(deps.now()) });
  const sessions = await endEverything(deps, person.id);
  deps.log.info('account.disabled', { personId: person.id, sessions });
  return { person: disabled, sessions, changed: !person.disabledAt };
}

export async function enableAccount(deps: { store: Store; log: Logger }, email: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonByEmail(deps.store, email);
  if (!person.disabledAt) return { person, changed: false };
  const enabled = await deps.store.people.update(person.id, { disabledAt: null });
  if (!enabled) throw new AccessError('person_not_found', 'vanished');
  deps.log.info('account.enabled', { personId: person.id });
  return { person: enabled, changed: true };
}

export async function removeAccount(deps: EndEverythingDeps & { log: Logger }, email: string): Promise<{ person: Person; passkeys: number }> {
  const person = await findPersonByEmail(deps.store, email);
  const { credentialIds } = await deleteAccount(deps, person);
  return { person, passkeys: credentialIds.length };
}

/** Everything about an account, for `idp users show` (and later the console). */
export async function describeAccount(store: Store, email: string) {
  const person = await findPersonByEmail(store, email);
  const [credentials, groups, resolved, sessions, apps] = await Promise.all([
    store.credentials.listByPerson(person.id),
    store.groups.listByPerson(person.id),
    customClaimsOf(store, person),
    listSessions(store.oidc, person.id, null),
    listConnectedApps(store.oidc, person.id),
  ]);
  return {
    sub: person.id,
    email: person.email,
    email_verified: person.emailVerified,
    name: person.name,
    given_name: person.givenName,
    family_name: person.familyName,
    preferred_username: person.preferredUsername,
    picture: person.picture,
    locale: person.locale,
    administrator: person.isAdmin,
    disabled_at: person.disabledAt?.toISOString() ?? null,
    created_at: person.createdAt.toISOString(),
    updated_at: person.updatedAt.toISOString(),
    passkeys: credentials.map((credential) => ({
      id: credential.id,
      name: credential.name,
      synced: credential.backupEligible,
      created_in: credential.createdIn,
      created_at: credential.createdAt.toISOString(),
      last_used_at: credential.lastUsedAt?.toISOString() ?? null,
    })),
    groups: groups.map((group) => group.name),
    claims: resolved.claims,
    claim_sources: resolved.sources,
    claim_conflicts: resolved.conflicts,
    sessions: sessions.map((session) => ({
      browser: session.browser,
      signed_in_at: session.signedInAt?.toISOString() ?? null,
      last_active_at: session.lastActiveAt?.toISOString() ?? null,
      apps: session.apps,
    })),
    apps: apps.map((app) => ({ client_id: app.clientId, name: app.name, scopes: app.scopes, since: app.since?.toISOString() ?? null })),
  };
}

export type AccountDescription = Awaited<ReturnType<typeof describeAccount>>;
