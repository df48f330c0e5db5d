/**
 * Step two of sign-up: the code typed on the page. At most SIGNUP_CODE_ATTEMPTS tries, then the
 * pending sign-up is gone and the person must ask for a new code. On success the ceremony is taken
 * (single use) and the proven address is returned for the passkey step.
 */
import { timingSafeEqual } from 'node:crypto';

import { PublicError } from '../http/errors.js';
import type { Ceremonies } from '../store/ports.js';
import { hashSignUpCode, SIGNUP_CODE_ATTEMPTS } from './sendSignUpCode.js';

export interface ProvenAddress { email: string; name: string | null }

export async function confirmSignUpCode(ceremonies: Ceremonies, input: { binding: string; code: string }): Promise<ProvenAddress> {
  const pending = await ceremonies.find(input.binding, 'signup-code');
  if (!pending) throw new PublicError('signup_expired');
  const attempts = Number(pending.state.attempts ?? 0);
  if (attempts >= SIGNUP_CODE_ATTEMPTS) {
    await ceremonies.take(input.binding, 'signup-code');
    throw new PublicError('code_attempts_exceeded');
  }
  const given = Buffer.from(hashSignUpCode(input.binding, input.code.trim()));
  const expected = Buffer.from(pending.challenge);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const recorded = await ceremonies.updateState(input.binding, 'signup-code', { ...pending.state, attempts: attempts + 1 });
    if (!recorded) throw new PublicError('signup_expired');
    throw new PublicError(attempts + 1 >= SIGNUP_CODE_ATTEMPTS ? 'code_attempts_exceeded' : 'code_invalid');
  }
  const taken = await ceremonies.take(input.binding, 'signup-code');
  if (!taken) throw new PublicError('signup_expired');
  return { email: String(taken.state.email), name: (taken.state.name as string | null) ?? null };
}
