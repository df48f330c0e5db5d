/**
 * Finishes an authentication ceremony: verifies what `navigator.credentials.get()` returned and
 * says who signed in. Enforced here, beyond what @simplewebauthn/server checks by itself
 * (WebAuthn §7.2, README "Security"):
 * - the ceremony is taken (used up) before anything else, so a failed attempt cannot be retried;
 * - a cross-origin ceremony is refused;
 * - the credential must be one the ceremony allowed, and belong to the account it was started for;
 * - the userHandle is required when no credentials were named (usernameless), and whenever present
 *   must name the credential's owner (§7.2 step 6), so an attacker's own passkey cannot answer for
 *   a victim's account;
 * - `verified: false` (a bad signature) is refused rather than ignored;
 * - the signature counter must increase (unless both are 0); a regression is refused and logged,
 *   and the new value is written with a compare-and-set so that of two concurrent uses of the
 *   same counter only one succeeds. Backup state is recorded whenever it changes, and last use to
 *   the hour (a passkey whose counter stays 0 costs no write at most sign-ins); a caller that saves
 *   something anyway may carry a use that leaves the counter where it was (`carryUse`).
 */
import { verifyAuthenticationResponse, type VerifiedAuthenticationResponse } from '@simplewebauthn/server';
import { takeCeremony } from '../ceremonies/ceremonies.js';
import type { CeremonyKinds } from '../ceremonies/kinds.js';
import type { Credential, CredentialUse, Person } from '../store/ports.js';
import { PasskeyError, refusalFromLibrary } from './errors.js';
import { parseAuthenticationResponse } from './parseResponse.js';
import { refuseCrossOrigin } from './refuseCrossOrigin.js';
import type { PasskeyDeps } from './relyingParty.js';
import type { AuthenticationKind } from './startAuthentication.js';

export interface VerifyAssertionInput<K extends AuthenticationKind> {
  kind: K;
  binding: CeremonyKinds[K]['binding'];
  /** The untrusted request body. */
  response: unknown;
}

export interface VerifiedAssertion {
  /** The owner of the credential: who signed in. */
  person: Person;
  /** The credential as it is after this use (new counter, backup state, last use). */
  credential: Credential;
  backedUp: boolean;
  /**
   * With `carryUse`: a use to write that did not move the counter, left for the caller to write with
   * what it saves anyway (`InteractionSave.credentialUse`, compare-and-set all the same); else null.
   */
  unrecordedUse: CredentialUse | null;
}

export async function verifyAssertion<K extends AuthenticationKind>(deps: PasskeyDeps, input: VerifyAssertionInput<K>): Promise<VerifiedAssertion> {
  // Ensure the challenge is single use: take it before looking at the response at all.
  const ceremony = await takeCeremony(deps.store, input.kind, input.binding);
  if (!ceremony) throw new PasskeyError('ceremony_expired', `no authentication ceremony for ${input.binding}`);
  return checkAssertion(deps, { challenge: ceremony.challenge, personId: ceremony.personId, allowCredentialIds: ceremony.state.allowCredentialIds }, input.response);
}

/** What an assertion answers: a challenge that its caller has made sure is used only once. */
export interface AnsweredCeremony {
  challenge: string;
  /** The account the ceremony was started for, if any. */
  personId: string | null;
  /** The credentials it offered; empty: usernameless. */
  allowCredentialIds: string[];
}

/**
 * Every check of an assertion against its ceremony (see above), for a caller that keeps the
 * ceremony's single use itself (a sign-in page's, on its interaction: finishPasskeySignIn.ts).
 */
export async function checkAssertion(
  deps: PasskeyDeps, ceremony: AnsweredCeremony, untrusted: unknown, options: { carryUse?: boolean } = {},
): Promise<VerifiedAssertion> {
  const { store } = deps;
  const response = parseAuthenticationResponse(untrusted);
  refuseCrossOrigin(response.response.clientDataJSON);

  const credential = await store.credentials.findById(response.id);
  if (!credential) throw new PasskeyError('unknown_credential', `no credential ${response.id}`);

  const allowed = ceremony.allowCredentialIds;
  // Ensure the credential is one the ceremony offered (§7.2 step 5).
  if (allowed.length > 0 && !allowed.includes(credential.id)) {
    throw new PasskeyError('credential_not_allowed', `credential ${credential.id} was not offered`);
  }
  // Ensure a ceremony started for an account is answered by that account.
  if (ceremony.personId !== null && credential.personId !== ceremony.personId) {
    throw new PasskeyError('wrong_account', `credential ${credential.id} belongs to another account`);
  }
  // Ensure the user handle names the credential's owner; usernameless sign-in must send one (§7.2 step 6).
  const userHandle = response.response.userHandle;
  if (userHandle === undefined && allowed.length === 0) throw new PasskeyError('user_handle_mismatch', 'userHandle missing');
  let owner: Person | null = null;
  if (userHandle !== undefined) {
    const named = await store.people.findByWebauthnUserId(userHandle);
    if (!named || named.id !== credential.personId) {
      throw new PasskeyError('user_handle_mismatch', `userHandle does not name the owner of ${credential.id}`);
    }
    owner = named;
  }

  let verification: VerifiedAuthenticationResponse;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: deps.rp.origin,
      expectedRPID: deps.rp.id,
      // The counter is compared below, after the signature is known to be genuine, so that a
      // regression is refused with its own code and recorded only when it means something.
      credential: { id: credential.id, publicKey: credential.publicKey, counter: 0, transports: credential.transports },
      requireUserVerification: true,
    });
  } catch (error) {
    throw refusalFromLibrary(error);
  }
  // Ensure the signature verified: the library returns false rather than throwing (§7.2 step 21).
  if (verification.verified !== true) throw new PasskeyError('not_verified', 'signature did not verify');
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;

  // Ensure the counter increased (§7.2 step 22): a regression suggests a cloned authenticator.
  if ((newCounter > 0 || credential.counter > 0) && newCounter <= credential.counter) {
    recordRegression(deps, credential, newCounter, false);
    throw new PasskeyError('counter_regression', `counter ${newCounter} after ${credential.counter}`);
  }
  const usedAt = new Date(deps.now());
  // A synced passkey's counter stays 0: its use is written only when its backup state changed, or to
  // keep "last used" right to the hour. A counter that moves is always written, compare-and-set.
  const changed = newCounter !== credential.counter || credentialBackedUp !== credential.backedUp
    || credential.lastUsedAt === null || usedAt.getTime() - credential.lastUsedAt.getTime() >= LAST_USE_PRECISION_MS;
  const use: CredentialUse = { expectedCounter: credential.counter, newCounter, backedUp: credentialBackedUp, usedAt };
  // A counter that moved is always written here, before anything relies on this use.
  const carried = changed && options.carryUse === true && newCounter === credential.counter;
  const recorded = !changed || carried || await store.credentials.recordUse(credential.id, use);
  // Someone else used the same counter value first (or the credential was removed meanwhile).
  if (!recorded) throw changedMeanwhile(deps, credential, newCounter);

  // The userHandle check has read the owner already; read it here only when the browser sent none.
  const person = owner ?? await store.people.findById(credential.personId);
  if (!person) throw new PasskeyError('unknown_credential', `owner of ${credential.id} is gone`);
  // Ensure a disabled account signs in nowhere (src/access/accounts.ts): not to an app, not on the account page.
  if (person.disabledAt) throw new PasskeyError('account_disabled', `person ${person.id} is disabled`);
  return {
    person,
    credential: { ...credential, counter: newCounter, backedUp: credentialBackedUp, lastUsedAt: changed ? usedAt : credential.lastUsedAt },
    backedUp: credentialBackedUp,
    unrecordedUse: carried ? use : null,
  };
}

/** The refusal of a use whose compare-and-set found the credential changed since it was read (logged). */
export function changedMeanwhile(deps: PasskeyDeps, credential: Credential, received: number): PasskeyError {
  recordRegression(deps, credential, received, true);
  return new PasskeyError('counter_regression', `counter ${credential.counter} changed during verification`);
}

/** How stale a passkey's "last used" may be when nothing else about it changed. */
export const LAST_USE_PRECISION_MS = 60 * 60 * 1000;

function recordRegression(deps: PasskeyDeps, credential: Credential, received: number, concurrent: boolean): void {
  deps.log.warn('passkey.counter_regression', {
    credentialId: credential.id,
    personId: credential.personId,
    storedCounter: credential.counter,
    receivedCounter: received,
    concurrent,
  });
}
