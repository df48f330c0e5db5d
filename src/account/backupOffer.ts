/**
 * Right after sign-up, before going back to the app: an offer to add a backup passkey on another
 * device or a security key (the browser's own dialog offers the phone by QR code). Skippable.
 * The account is the one this sign-in's interaction has just signed up and in (its result, written
 * by the sign-up step, says `signedUp`), and the interaction cookie proves this is that browser.
 * An ordinary sign-in or a recovery on the same page writes a result without it: no offer, so no
 * passkey is ever added here without the account having just been made.
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
  const result = interaction.result as { login?: { accountId?: unknown }; signedUp?: unknown } | undefined;
  const accountId = result?.login?.accountId;
  // Ensure the account was created by this very sign-in, not merely signed in (or recovered) by it.
  if (typeof accountId !== 'string' || result?.signedUp !== accountId) {
    throw new PublicError('interaction_expired', 'no account signed up by this interaction');
  }
  const person = await store.people.findById(accountId);
  if (!person) throw new PublicError('interaction_expired', 'the account signed up by this interaction is gone');
  return person;
}
