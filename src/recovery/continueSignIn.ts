/**
 * After a recovery, the app's sign-in that asked for the link may continue, signed in, only in a
 * browser that holds both that sign-in's interaction cookie and a one-time token handed to the page
 * that finished the recovery. The interaction uid came from whoever asked for the link: without the
 * token, someone who asked for a link to another person's address could wait for that person to use
 * it and then finish their own sign-in as them. Only the token's hash is kept, for 5 minutes.
 */
import { randomBytes } from 'node:crypto';

import { interactionBinding } from '../ceremonies/bindings.js';
import { startCeremony, takeCeremony } from '../ceremonies/ceremonies.js';
import { PublicError } from '../errors/publicError.js';
import type { Store } from '../store/ports.js';
import { hashToken, matchesHash } from '../tokens/tokenHash.js';

const INTERACTION_UID = /^[A-Za-z0-9_-]{1,64}$/;

/** An interaction uid as a page passes it along, or null when it is not one. */
export function interactionUidFrom(value: unknown): string | null {
  return typeof value === 'string' && INTERACTION_UID.test(value) ? value : null;
}

/** Lets the sign-in of `interactionUid` continue as `personId`; returns the token for the page. */
export async function allowSignInToContinue(
  store: Pick<Store, 'ceremonies'>,
  input: { interactionUid: string; personId: string; backupEligible: boolean; now: number },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await startCeremony(store, {
    kind: 'recovery-continuation',
    binding: interactionBinding(input.interactionUid),
    challenge: hashToken(token),
    personId: input.personId,
    state: { backupEligible: input.backupEligible },
    now: input.now,
  });
  return token;
}

/** Uses the continuation up (once, whatever the token): who signs in, and with what kind of passkey. */
export async function takeContinuation(
  store: Pick<Store, 'ceremonies'>,
  input: { interactionUid: string; token: string },
): Promise<{ personId: string; backupEligible: boolean }> {
  const recovered = await takeCeremony(store, 'recovery-continuation', interactionBinding(input.interactionUid));
  if (!recovered) throw new PublicError('interaction_expired', 'no recovery for this interaction');
  if (!matchesHash(input.token, recovered.challenge)) throw new PublicError('interaction_expired', 'recovery continuation token mismatch');
  return { personId: recovered.personId, backupEligible: recovered.state.backupEligible };
}
