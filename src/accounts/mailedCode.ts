/**
 * A 6-digit code mailed to prove an address (at sign-up, and when changing an account's email).
 * The code is kept only as a hash in a ceremony bound to the page's session, lives 10 minutes and
 * allows 5 tries; after that the person must ask for a new one. When the address must not receive a
 * code (it already has an account), the ceremony holds the hash of a code nobody knows, so the page
 * answers exactly as it does for any other address and no typed code can ever match.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

import { PublicError, type ErrorCode } from '../http/errors.js';
import type { Ceremonies, Ceremony } from '../store/ports.js';

export const MAILED_CODE_MINUTES = 10;
export const MAILED_CODE_ATTEMPTS = 5;

function hashCode(binding: string, code: string): string {
  return createHash('sha256').update(`${binding}\0${code}`).digest('base64url');
}

/** Starts (or replaces) the pending proof for `binding`; returns the code to mail. */
export async function holdMailedCode(
  ceremonies: Ceremonies,
  input: { binding: string; personId: string | null; state: Record<string, unknown>; deliverable: boolean; now: number },
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ceremonies.put({
    binding: input.binding,
    purpose: 'mailed-code',
    challenge: hashCode(input.binding, input.deliverable ? code : `${code}\0undeliverable`),
    personId: input.personId,
    state: { ...input.state, attempts: 0 },
    expiresAt: new Date(input.now + MAILED_CODE_MINUTES * 60_000),
  });
  return code;
}

/**
 * Checks a typed code. Right: the pending proof is taken (single use) and returned. Wrong: one try
 * is used up. `expired` is the refusal to give when there is no pending proof for this binding.
 */
export async function redeemMailedCode(
  ceremonies: Ceremonies,
  input: { binding: string; code: string; expired: ErrorCode },
): Promise<Ceremony> {
  const pending = await ceremonies.find(input.binding, 'mailed-code');
  if (!pending) throw new PublicError(input.expired);
  const attempts = Number(pending.state.attempts ?? 0);
  if (attempts >= MAILED_CODE_ATTEMPTS) {
    await ceremonies.take(input.binding, 'mailed-code');
    throw new PublicError('code_attempts_exceeded');
  }
  const given = Buffer.from(hashCode(input.binding, input.code.trim()));
  const expected = Buffer.from(pending.challenge);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const recorded = await ceremonies.updateState(input.binding, 'mailed-code', { ...pending.state, attempts: attempts + 1 });
    if (!recorded) throw new PublicError(input.expired);
    throw new PublicError(attempts + 1 >= MAILED_CODE_ATTEMPTS ? 'code_attempts_exceeded' : 'code_invalid');
  }
  const taken = await ceremonies.take(input.binding, 'mailed-code');
  if (!taken) throw new PublicError(input.expired);
  return taken;
}
