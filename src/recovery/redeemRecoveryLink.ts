/**
 * The end of a recovery: binds exactly one new passkey to the account the link was issued for.
 * The passkey is verified first (so a cancelled or failed attempt leaves the link usable), then
 * the link is taken atomically: of two tabs finishing at once, only one adds a passkey.
 *
 * A recovery happens because the owner lost every passkey, or because someone who reads their mail
 * is taking the account over. Either way, what was signed in before must not stay signed in: every
 * session of the account ends and every app's access goes, refresh tokens included
 * (../account/signOutEverywhere.ts; the apps with a back-channel logout URI are told), so a lost device keeps nothing, and an owner who recovers
 * after a takeover throws the intruder out. Older passkeys stay unless RECOVERY_REMOVES_OLD_PASSKEYS
 * says otherwise: after a takeover the owner's own passkey is their way back in without the
 * mailbox (and to "I lost a device", which removes the intruder's). The mail names them, with a
 * link to remove any that is on a lost device.
 */
import { passkeyName } from '../account/describePasskeys.js';
import { signOutEverywhere } from '../account/signOutEverywhere.js';
import type { Binding } from '../ceremonies/bindings.js';
import { takeCeremony } from '../ceremonies/ceremonies.js';
import { PublicError } from '../errors/publicError.js';
import { linkTo } from '../email/links.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../log.js';
import { saveCredential } from '../passkeys/saveCredential.js';
import type { NotifyAppsOfLogout } from '../sessions/endSessions.js';
import type { Credential, NewCredential, Store } from '../store/ports.js';

export interface RedeemDeps {
  store: Store; mailer: Mailer; log: Logger; issuer: string; removeOldPasskeys: boolean; now: () => number;
  /** Tells the apps of each session the recovery ends (back-channel logout). */
  notifyApps: NotifyAppsOfLogout;
}

export interface Redeemed {
  personId: string;
  credential: Credential;
  interactionUid: string | null;
  /** How many browser sessions ended, and how many apps lost their access. */
  signedOut: { sessions: number; apps: number };
}

export async function redeemRecoveryLink(
  { store, mailer, log, issuer, removeOldPasskeys, now, notifyApps }: RedeemDeps,
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
  const signedOut = await signOutEverywhere({ records: store.oidc, notifyApps }, { accountId: person.id, keepUid: null });
  const kept = (await store.credentials.listByPerson(person.id)).filter((other) => other.id !== credential.id);
  log.info('recovery.redeemed', { personId: person.id, sessionsEnded: signedOut.sessions, appsRevoked: signedOut.apps, removedPasskeys: older.length });

  try {
    await mailer.send({
      to: person.email,
      template: 'passkey-added-by-recovery',
      values: {
        time: new Date(now()),
        browser: credential.createdIn ?? 'an unknown browser',
        olderPasskeys: kept.map((other) => passkeyName(other)).join(', '),
        accountUrl: linkTo(issuer, '/account#lost-device'),
      },
    });
  } catch (error) {
    // The passkey is in place; the person at the page must not lose it because a notice failed.
    log.error('recovery.notice_failed', { personId: person.id, detail: (error as Error).message });
  }
  return { personId: person.id, credential, interactionUid: link.state.interactionUid, signedOut };
}
