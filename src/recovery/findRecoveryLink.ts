/**
 * The live recovery link a token names, and the account it is for, without using it up (to show
 * its page and start its passkey ceremony). A link that names no account opens nothing.
 */
import { recoveryLinkBinding, type Binding } from '../ceremonies/bindings.js';
import { findCeremony } from '../ceremonies/ceremonies.js';
import { PublicError } from '../errors/publicError.js';
import type { Person, Store } from '../store/ports.js';

export async function findRecoveryLink(store: Store, token: string): Promise<{ binding: Binding<'recovery-link'>; person: Person }> {
  const binding = recoveryLinkBinding(token);
  const link = await findCeremony(store, 'recovery-link', binding);
  if (!link?.personId) throw new PublicError('recovery_link_invalid');
  const person = await store.people.findById(link.personId);
  if (!person) throw new PublicError('recovery_link_invalid', 'account gone');
  return { binding, person };
}
