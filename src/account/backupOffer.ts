/**
 * Right after sign-up, before going back to the app: an offer to add a backup passkey on another
 * device or a security key (the browser's own dialog offers the phone by QR code). Skippable.
 * The account is the one this sign-in's interaction has just signed in (its result, written by the
 * sign-up step), and the interaction cookie proves this is that browser.
 */
import { PublicError } from '../errors/publicError.js';
import type { InteractionDetails } from '../steps/loadInteraction.js';
import type { Person, Store } from '../store/ports.js';

/** Where sign-up sends the browser when it offers a backup passkey. */
export function backupPasskeyPath(uid: string): string {
  return `/interaction/${uid}/backup-passkey`;
}

/** The person this interaction has just signed up (and in). */
export async function signedUpBy(store: Store, interaction: InteractionDetails): Promise<Person> {
  const accountId = (interaction.result as { login?: { accountId?: unknown } } | undefined)?.login?.accountId;
  const person = typeof accountId === 'string' ? await store.people.findById(accountId) : null;
  if (!person) throw new PublicError('interaction_expired', 'no account signed in by this interaction');
  return person;
}
