/**
 * Step one of sign-up: prove the address before any passkey is bound to it (src/ceremonies/mailedCode.ts).
 * When the address already has an account, its owner gets a mail saying someone tried to sign up
 * (and how to recover) instead of a code: the person at the page sees exactly the same answer
 * either way (no enumeration, OWASP ASVS 6.3.8).
 */
import { limitAttempts, type Limit } from '../rateLimits/limitAttempts.js';
import { holdMailedCode, mailedCodeMinutes } from '../ceremonies/mailedCode.js';
import type { Binding } from '../ceremonies/bindings.js';
import type { Mailer } from '../email/mailer.js';
import type { Store } from '../store/ports.js';
import { normalizeEmail } from '../store/ports.js';

export interface SignUpDeps { store: Store; mailer: Mailer; now: () => number }

/** Every sign-up mail, first or resent, counts per client address and per address. */
export function signUpMailLimits(clientIp: string, email: string): Array<[string, Limit]> {
  return [
    [`signup:ip:${clientIp}`, { max: 20, windowSeconds: 15 * 60 }],
    [`signup:email:${normalizeEmail(email)}`, { max: 5, windowSeconds: 15 * 60 }],
  ];
}

export async function sendSignUpCode(
  { store, mailer, now }: SignUpDeps,
  input: { binding: Binding<'interaction'>; email: string; name: string | null; clientIp: string; signInUrl: string },
): Promise<void> {
  await limitAttempts(store.rateLimits, signUpMailLimits(input.clientIp, input.email));
  const existing = await store.people.findByEmail(input.email);
  const code = await holdMailedCode(store, {
    kind: 'sign-up-code',
    binding: input.binding,
    personId: null,
    state: { email: input.email, name: input.name },
    deliverable: !existing,
    now: now(),
  });
  if (existing) {
    await mailer.send({ to: existing.email, template: 'signup-existing', values: { signInUrl: input.signInUrl } });
    return;
  }
  await mailer.send({ to: input.email, template: 'signup-code', values: { code, minutes: mailedCodeMinutes('sign-up-code') } });
}
