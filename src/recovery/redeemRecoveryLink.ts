/**
 * The end of a recovery: binds exactly one new passkey to the account the link was issued for.
 * The passkey is verified first (so a cancelled or failed attempt leaves the link usable), then
 * the link is taken atomically: of two tabs finishing at once, only one adds a passkey.
 * Afterwards every existing session of the account ends, older passkeys go if the setting says
 * so, and the account is told by mail.
 */
import type { Binding } from '../ceremonies/bindings.js';
import { takeCeremony } from '../ceremonies/ceremonies.js';
import { PublicError } from '../errors/publicError.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../log.js';
import { saveCredential } from '../passkeys/saveCredential.js';
import type { Credential, NewCredential, Store } from '../store/ports.js';

export interface RedeemDeps { store: Store; mailer: Mailer; log: Logger; removeOldPasskeys: boolean; now: () => number }

export interface Redeemed { personId: string; credential: Credential; interactionUid: string | null }

export async function redeemRecoveryLink(
  { store, mailer, log, removeOldPasskeys, now }: RedeemDeps,
  input: { binding: Binding<'recovery-link'>; registeredFor: string | null; credential: Omit<NewCredential, 'personId'> },
): Promise<Redeemed> {
  const link = await takeCeremony(store, 'recovery-link', input.binding);
  if (!link?.personId) throw new PublicError('recovery_link_invalid', 'taken, expired or unknown');
  // Ensure the passkey ceremony was started for the same account as the link.
  if (input.registeredFor !== link.personId) throw new PublicError('recovery_link_invalid', 'ceremony for another account');
  const person = await store.people.findById(link.personId);
  if (!person) throw new PublicError('recovery_link_invalid', 'account gone');

  const older = removeOldPasskeys ? await store.credentials.listByPerson(person.id) : [];
  const credential = await saveCredential({ store }, { ...input.credential, personId: person.id });
  for (const old of older) await store.credentials.remove(old.id, person.id);
  const sessionsEnded = await store.oidc.destroyByAccount('Session', person.id);
  log.info('recovery.redeemed', { personId: person.id, sessionsEnded, removedPasskeys: older.length });

  try {
    await mailer.send({
      to: person.email,
      template: 'passkey-added-by-recovery',
      values: { time: new Date(now()), browser: credential.createdIn ?? 'an unknown browser' },
    });
  } catch (error) {
    // The passkey is in place; the person at the page must not lose it because a notice failed.
    log.error('recovery.notice_failed', { personId: person.id, detail: (error as Error).message });
  }
  return { personId: person.id, credential, interactionUid: link.state.interactionUid };
}
