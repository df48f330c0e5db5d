/**
 * A 6-digit code mailed to prove an address (at sign-up, and when changing an account's email).
 * The code is kept only as a hash in a ceremony bound to the page's session; its kind (in
 * src/ceremonies/kinds.ts) says how long it lives and how many tries it allows; after that the
 * person must ask for a new one. When the address must not receive a code (it already has an
 * account), the ceremony holds the hash of a code nobody knows, so the page answers exactly as it
 * does for any other address and no typed code can ever match.
 *
 * Tries are counted before the code is compared, with the store's rate-limit counter: one hit is
 * atomic on every engine, so however many guesses arrive at once, only the allowed number are
 * compared (as Ory Kratos counts a submission before checking it).
 */
import { randomBytes, randomInt } from 'node:crypto';

import { findCeremony, startCeremony, takeCeremony, type Ceremony } from './ceremonies.js';
import { ceremonyLimits, type CeremonyKinds } from './kinds.js';
import type { ErrorCode } from '../errors/catalog.js';
import { PublicError } from '../errors/publicError.js';
import type { Store } from '../store/ports.js';
import { hashToken, matchesHash } from '../tokens/tokenHash.js';

export type MailedCodeKind = 'sign-up-code' | 'email-change-code';

/** How long a code of this kind is valid, for the mail that carries it. */
export function mailedCodeMinutes(kind: MailedCodeKind): number {
  return ceremonyLimits[kind].lifetimeMs / 60_000;
}

/** Bound to its binding, so that a code of one page can never be used on another. */
function codeSecret(binding: string, code: string): string {
  return `${binding}\0${code}`;
}

/** Starts (or replaces) the pending proof for `binding`; returns the code to mail. */
export async function holdMailedCode<K extends MailedCodeKind>(
  store: Pick<Store, 'ceremonies'>,
  input: {
    kind: K;
    binding: CeremonyKinds[K]['binding'];
    personId: CeremonyKinds[K]['personId'];
    /** What the code proves (the address), given back when it is redeemed. */
    state: Omit<CeremonyKinds[K]['state'], 'codeId'>;
    deliverable: boolean;
    now: number;
  },
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await startCeremony(store, {
    kind: input.kind,
    binding: input.binding,
    challenge: hashToken(codeSecret(input.binding, input.deliverable ? code : `${code}\0undeliverable`)),
    personId: input.personId,
    // Each code counts its own tries: a new code for the same binding starts again from zero.
    state: { ...input.state, codeId: randomBytes(16).toString('base64url') } as CeremonyKinds[K]['state'],
    now: input.now,
  });
  return code;
}

/**
 * Checks a typed code. Right: the pending proof is taken (single use) and returned. Wrong: one try
 * is used up. `expired` is the refusal to give when there is no pending proof for this binding (or
 * it was asked for by another account than `personId`).
 */
export async function redeemMailedCode<K extends MailedCodeKind>(
  store: Pick<Store, 'ceremonies' | 'rateLimits'>,
  input: { kind: K; binding: CeremonyKinds[K]['binding']; personId: CeremonyKinds[K]['personId']; code: string; expired: ErrorCode },
): Promise<Ceremony<K>> {
  const pending = await findCeremony(store, input.kind, input.binding);
  // Ensure the code was asked for by this account (a session could have changed hands since).
  if (!pending || pending.personId !== input.personId) throw new PublicError(input.expired);
  // Ensure this try is counted before the code is compared, and atomically: a guess that does not
  // get one of the first numbers allowed is never compared.
  const tries = ceremonyLimits[input.kind].tries ?? 1;
  const tryNumber = await store.rateLimits.hit(`mailed-code:${pending.state.codeId}`, ceremonyLimits[input.kind].lifetimeMs / 1000);
  if (tryNumber > tries) {
    await takeCeremony(store, input.kind, input.binding);
    throw new PublicError('code_attempts_exceeded', `try ${tryNumber}`);
  }
  if (!matchesHash(codeSecret(input.binding, input.code.trim()), pending.challenge)) {
    throw new PublicError(tryNumber >= tries ? 'code_attempts_exceeded' : 'code_invalid', `try ${tryNumber}`);
  }
  const taken = await takeCeremony(store, input.kind, input.binding);
  // Ensure what is taken is the code that was compared, not a newer one asked for meanwhile.
  if (!taken || taken.challenge !== pending.challenge) throw new PublicError(input.expired);
  return taken;
}
