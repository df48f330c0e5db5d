/**
 * The account page's view of a person's passkeys: a name (the one the person gave, else the
 * authenticator's, else "Passkey"), when it was made and last used, where it was made, and whether
 * it is synced. Backup eligibility (BE) says the passkey may live in a synced provider; backup
 * state (BS) says it is synced now (WebAuthn §6.1.3). BE is fixed at creation, BS is updated at
 * every use.
 */
import { DEFAULT_PASSKEY_NAME } from '../passkeys/finishRegistration.js';
import type { Credential, Person } from '../store/ports.js';
import { authenticatorName } from './authenticatorName.js';

export type PasskeyKind = 'synced' | 'not-synced-yet' | 'this-device-only';

export interface PasskeyView {
  id: string;
  name: string;
  /** The authenticator's name from its AAGUID, when known. */
  authenticator: string | null;
  kind: PasskeyKind;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdIn: string | null;
}

export function passkeyName(credential: Pick<Credential, 'name' | 'aaguid'>): string {
  if (credential.name && credential.name !== DEFAULT_PASSKEY_NAME) return credential.name;
  return authenticatorName(credential.aaguid) ?? DEFAULT_PASSKEY_NAME;
}

export function passkeyKind(credential: Pick<Credential, 'backupEligible' | 'backedUp'>): PasskeyKind {
  if (!credential.backupEligible) return 'this-device-only';
  return credential.backedUp ? 'synced' : 'not-synced-yet';
}

export function describePasskeys(credentials: Credential[]): PasskeyView[] {
  return [...credentials]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((credential) => ({
      id: credential.id,
      name: passkeyName(credential),
      authenticator: authenticatorName(credential.aaguid),
      kind: passkeyKind(credential),
      createdAt: credential.createdAt,
      lastUsedAt: credential.lastUsedAt,
      createdIn: credential.createdIn,
    }));
}

/** What the browser's passkey manager should show for the account (WebAuthn signalCurrentUserDetails). */
export function passkeyUserDetails(person: Pick<Person, 'webauthnUserId' | 'email' | 'name'>) {
  return { userId: person.webauthnUserId, name: person.email, displayName: person.name ?? person.email };
}
