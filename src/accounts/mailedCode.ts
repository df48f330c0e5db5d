/**
 * A 6-digit code mailed to prove an address (at sign-up, and when changing an account's email).
 * The code is kept only as a hash in a ceremony bound to the page's session, lives 10 minutes and
 * allows 5 tries; after that the person must ask for a new one. When the address must not receive a
 * code (it already has an account), the ceremony holds the hash of a code nobody knows, so the page
 * answers exactly as it does for any other address and no typed code can ever match.
 *
 * Tries are counted before the code is compared, with the store's rate-limit counter: one hit is
 * atomic on every engine, so however many guesses arrive at once, only the first 5 are compared
 * (as Ory Kratos counts a submission before checking it).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

import type { ErrorCode } from '../errors/catalog.js';
import { PublicError } from '../errors/publicError.js';
import type { Ceremony, Store } from '../store/ports.js';

export const MAILED_CODE_MINUTES = 10;
export const MAILED_CODE_ATTEMPTS = 5;

function hashCode(binding: string, code: string): string {
  return createHash('sha256').update(`${binding}\0${code}`).digest('base64url');
}

/** Each code counts its own tries: a new code for the same binding starts again from zero. */
function triesKey(pending: Ceremony): string {
  return `mailed-code:${String(pending.state.codeId)}`;
}

/** Starts (or replaces) the pending proof for `binding`; returns the code to mail. */
export async function holdMailedCode(
  { ceremonies }: Pick<Store, 'ceremonies'>,
  input: { binding: string; personId: string | null; state: Record<string, unknown>; deliverable: boolean; now: number },
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ceremonies.put({
    binding: input.binding,
    purpose: 'mailed-code',
    challenge: hashCode(input.binding, input.deliverable ? code : `${code}\0undeliverable`),
    personId: input.personId,
    state: { ...input.state, codeId: randomBytes(16).toString('base64url') },
    expiresAt: new Date(input.now + MAILED_CODE_MINUTES * 60_000),
  });
  return code;
}

/**
 * Checks a typed code. Right: the pending proof is taken (single use) and returned. Wrong: one try
 * is used up. `expired` is the refusal to give when there is no pending proof for this binding.
 */
export async function redeemMailedCode(
  { ceremonies, rateLimits }: Pick<Store, 'ceremonies' | 'rateLimits'>,
  input: { binding: string; code: string; expired: ErrorCode },
): Promise<Ceremony> {
  const pending = await ceremonies.find(input.binding, 'mailed-code');
  if (!pending) throw new PublicError(input.expired);
  // Ensure this try is counted before the code is compared, and atomically: a guess that does not
  // get one of the first MAILED_CODE_ATTEMPTS numbers is never compared.
  const tryNumber = await rateLimits.hit(triesKey(pending), MAILED_CODE_MINUTES * 60);
  if (tryNumber > MAILED_CODE_ATTEMPTS) {
    await ceremonies.take(input.binding, 'mailed-code');
    throw new PublicError('code_attempts_exceeded', `try ${tryNumber}`);
  }
  const given = Buffer.from(hashCode(input.binding, input.code.trim()));
  const expected = Buffer.from(pending.challenge);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new PublicError(tryNumber >= MAILED_CODE_ATTEMPTS ? 'code_attempts_exceeded' : 'code_invalid', `try ${tryNumber}`);
  }
  const taken = await ceremonies.take(input.binding, 'mailed-code');
  // Ensure what is taken is the code that was compared, not a newer one asked for meanwhile.
  if (!taken || taken.challenge !== pending.challenge) throw new PublicError(input.expired);
  return taken;
}
