/**
 * The account page's view of a person's passkeys: a name (the one the person gave, else the
 * authenticator's, else "Passkey"), when it was made and last used, where it was made, and whether
 * it is synced. Names the list would show twice are numbered ("Passkey 1", "Passkey 2", oldest
 * first), so that each passkey, and what a message says about it, can be told apart. Backup eligibility (BE) says the passkey may live in a synced provider; backup
 * state (BS) says it is synced now (WebAuthn §6.1.3). BE is fixed at creation, BS is updated at
 * every use.
 */
import { DEFAULT_PASSKEY_NAME } from '../passkeys/finishRegistration.js';
import type { Credential, Person } from '../store/ports.js';
import { t } from '../i18n/t.js';
import { authenticatorName } from './authenticatorName.js';
import { browserLabel } from './browserLabel.js';

export type PasskeyKind = 'synced' | 'not-synced-yet' | 'this-device-only';

export interface PasskeyView {
  id: string;
  /** What the page calls it, in its language: the name, numbered when another passkey has the same. */
  label: string;
  name: string;
  /** The authenticator's name from its AAGUID, when known. */
  authenticator: string | null;
  kind: PasskeyKind;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** The browser it was made in, in the page's language. */
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

/** The name in the page's language ("Passkey" is the catalog's), numbered among namesakes when `number` is given. */
function labelOf(name: string, number: number | null): string {
  const shown = name === DEFAULT_PASSKEY_NAME ? t('account.passkey.defaultName') : name;
  return number === null ? shown : t('account.passkey.numbered', { name: shown, number });
}

export function describePasskeys(credentials: Credential[]): PasskeyView[] {
  const oldestFirst = [...credentials].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const names = oldestFirst.map((credential) => passkeyName(credential));
  const seen = new Map<string, number>();
  return oldestFirst.map((credential, index) => {
    const name = names[index]!;
    const key = name.toLowerCase();
    const namesakes = names.filter((other) => other.toLowerCase() === key).length;
    const number = namesakes > 1 ? (seen.get(key) ?? 0) + 1 : null;
    if (number !== null) seen.set(key, number);
    return {
      id: credential.id,
      label: labelOf(name, number),
      name,
      authenticator: authenticatorName(credential.aaguid),
      kind: passkeyKind(credential),
      createdAt: credential.createdAt,
      lastUsedAt: credential.lastUsedAt,
      createdIn: browserLabel(credential.createdIn),
    };
  });
}

/** What the browser's passkey manager should show for the account (WebAuthn signalCurrentUserDetails). */
export function passkeyUserDetails(person: Pick<Person, 'webauthnUserId' | 'email' | 'name'>) {
  return { userId: person.webauthnUserId, name: person.email, displayName: person.name ?? person.email };
}
