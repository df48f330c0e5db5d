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
 *
 * A kind may let the person ask for a new code in place of the pending one (a mail that did not
 * arrive). A new code replaces the old one but not its tries: they are counted per proof (the
 * first code and every code resent after it), so resending never buys more guesses, and the
 * resends of a proof are counted the same way, atomically, before anything is mailed.
 */
import { randomBytes, randomInt } from 'node:crypto';

import { findCeremony, startCeremony, takeCeremony, type Ceremony } from './ceremonies.js';
import { ceremonyLimits, type CeremonyKinds } from './kinds.js';
import type { ErrorCode } from '../errors/catalog.js';
import { PublicError } from '../errors/publicError.js';
import { limitAttempts, type Limit } from '../rateLimits/limitAttempts.js';
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

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The hash kept for a code; an undeliverable one is the hash of a code nobody is ever told. */
function codeHash(binding: string, code: string, deliverable: boolean): string {
  return hashToken(codeSecret(binding, deliverable ? code : `${code}\0undeliverable`));
}

/**
 * The counters of a proof (its tries, its resends) outlive every code of it: a proof lives at most
 * its lifetime once per code, the first and each resent one.
 */
function proofWindowSeconds(kind: MailedCodeKind): number {
  const { lifetimeMs, resends = 0 } = ceremonyLimits[kind];
  return (lifetimeMs / 1000) * (1 + resends);
}

/** Starts (or replaces) the pending proof for `binding`; returns the code to mail. */
export async function holdMailedCode<K extends MailedCodeKind>(
  store: Pick<Store, 'ceremonies'>,
  input: {
    kind: K;
    binding: CeremonyKinds[K]['binding'];
    personId: CeremonyKinds[K]['personId'];
    /** What the code proves (the address), given back when it is redeemed. */
    state: Omit<CeremonyKinds[K]['state'], 'proofId'>;
    deliverable: boolean;
    now: number;
  },
): Promise<string> {
  const code = newCode();
  await startCeremony(store, {
    kind: input.kind,
    binding: input.binding,
    challenge: codeHash(input.binding, code, input.deliverable),
    personId: input.personId,
    // A new proof counts its tries from zero (the address may differ from the last one asked for).
    state: { ...input.state, proofId: randomBytes(16).toString('base64url') } as CeremonyKinds[K]['state'],
    now: input.now,
  });
  return code;
}

/**
 * Replaces the pending code of `binding` with a new one, for the same address and the same proof:
 * the tries already used stay used. `limits` are further counters the caller applies to every mail
 * it sends (per client address, per address); they are counted only once the proof may resend.
 * `deliverable` is asked again, with the pending state: an address may have got an account since.
 * Returns the code to mail and what the proof is about.
 */
export async function resendMailedCode<K extends MailedCodeKind>(
  store: Pick<Store, 'ceremonies' | 'rateLimits'>,
  input: {
    kind: K;
    binding: CeremonyKinds[K]['binding'];
    personId: CeremonyKinds[K]['personId'];
    limits: (state: CeremonyKinds[K]['state']) => Array<[string, Limit]>;
    deliverable: (state: CeremonyKinds[K]['state']) => Promise<boolean>;
    expired: ErrorCode;
    now: number;
  },
): Promise<{ code: string; state: CeremonyKinds[K]['state'] }> {
  const pending = await findCeremony(store, input.kind, input.binding);
  // Ensure there is a proof to resend, asked for by this account, whose tries are not used up.
  if (!pending || pending.personId !== input.personId || typeof pending.state.proofId !== 'string') throw new PublicError(input.expired);
  // Ensure the resend is counted before anything is mailed, atomically, per proof.
  const resends = ceremonyLimits[input.kind].resends ?? 0;
  const resendNumber = await store.rateLimits.hit(`mailed-code-resend:${pending.state.proofId}`, proofWindowSeconds(input.kind));
  if (resendNumber > resends) throw new PublicError('code_resends_exceeded', `resend ${resendNumber}`);
  await limitAttempts(store.rateLimits, input.limits(pending.state));
  const code = newCode();
  await startCeremony(store, {
    kind: input.kind,
    binding: input.binding,
    challenge: codeHash(input.binding, code, await input.deliverable(pending.state)),
    personId: pending.personId,
    state: pending.state,
    now: input.now,
  });
  return { code, state: pending.state };
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
  if (!pending || pending.personId !== input.personId || typeof pending.state.proofId !== 'string') throw new PublicError(input.expired);
  // Ensure this try is counted before the code is compared, and atomically: a guess that does not
  // get one of the first numbers allowed is never compared. The count is the proof's, whichever
  // of its codes is pending.
  const tries = ceremonyLimits[input.kind].tries ?? 1;
  const tryNumber = await store.rateLimits.hit(`mailed-code:${pending.state.proofId}`, proofWindowSeconds(input.kind));
  if (tryNumber > tries) {
    await takeCeremony(store, input.kind, input.binding);
    throw new PublicError('code_attempts_exceeded', `try ${tryNumber}`);
  }
  if (!matchesHash(codeSecret(input.binding, input.code.trim()), pending.challenge)) {
    if (tryNumber < tries) throw new PublicError('code_invalid', `try ${tryNumber}`);
    // The last try is used up: the proof goes, so that no new code can be resent for it.
    await takeCeremony(store, input.kind, input.binding);
    throw new PublicError('code_attempts_exceeded', `try ${tryNumber}`);
  }
  const taken = await takeCeremony(store, input.kind, input.binding);
  // Ensure what is taken is the code that was compared, not a newer one asked for meanwhile.
  if (!taken || taken.challenge !== pending.challenge) throw new PublicError(input.expired);
  return taken;
}
