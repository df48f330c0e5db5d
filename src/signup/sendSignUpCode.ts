/**
 * Step one of sign-up: prove the address before any passkey is bound to it.
 * A 6-digit code is mailed and kept only as a hash in a ceremony bound to this sign-in. When the
 * address already has an account, its owner gets a mail saying someone tried to sign up (and how
 * to recover) instead, and the ceremony holds a code nobody knows: the person at the page sees
 * exactly the same answer either way (no enumeration, OWASP ASVS 6.3.8).
 */
import { createHash, randomInt } from 'node:crypto';

import { limitAttempts } from '../accounts/limitAttempts.js';
import type { Mailer } from '../email/mailer.js';
import { linkTo } from '../email/links.js';
import type { Store } from '../store/ports.js';
import { normalizeEmail } from '../store/ports.js';

export const SIGNUP_CODE_MINUTES = 10;
export const SIGNUP_CODE_ATTEMPTS = 5;

export interface SignUpDeps { store: Store; mailer: Mailer; issuer: string; now: () => number }

export function hashSignUpCode(binding: string, code: string): string {
  return createHash('sha256').update(`${binding}\0${code}`).digest('base64url');
}

export async function sendSignUpCode(
  { store, mailer, issuer, now }: SignUpDeps,
  input: { binding: string; email: string; name: string | null; clientIp: string; signInUrl: string },
): Promise<void> {
  await limitAttempts(store.rateLimits, [
    [`signup:ip:${input.clientIp}`, { max: 20, windowSeconds: 15 * 60 }],
    [`signup:email:${normalizeEmail(input.email)}`, { max: 5, windowSeconds: 15 * 60 }],
  ]);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const existing = await store.people.findByEmail(input.email);
  await store.ceremonies.put({
    binding: input.binding,
    purpose: 'signup-code',
    challenge: hashSignUpCode(input.binding, existing ? `${code}-unknowable` : code),
    personId: null,
    state: { email: input.email, name: input.name, attempts: 0 },
    expiresAt: new Date(now() + SIGNUP_CODE_MINUTES * 60_000),
  });
  if (existing) {
    await mailer.send({
      to: existing.email,
      template: 'signup-existing',
      values: { signInUrl: input.signInUrl || linkTo(issuer, '/') },
    });
    return;
  }
  await mailer.send({ to: input.email, template: 'signup-code', values: { code, minutes: SIGNUP_CODE_MINUTES } });
}
