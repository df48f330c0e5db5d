/**
 * A new sign-up code, for a mail that did not arrive (src/ceremonies/mailedCode.ts): to the address
 * the pending sign-up is for, never to one in the request. It replaces the pending code and keeps its
 * tries, so resending never adds guesses; a sign-up may resend 3 times, and each resend counts
 * against the same limits per client address and per address as the first mail. As at the first
 * mail, an address that has an account gets the "someone tried to sign up" mail instead, and the
 * page sees the same answer (no enumeration, OWASP ASVS 6.3.8).
 */
import { mailedCodeMinutes, resendMailedCode } from '../ceremonies/mailedCode.js';
import type { Binding } from '../ceremonies/bindings.js';
import type { Person } from '../store/ports.js';
import { signUpMailLimits, type SignUpDeps } from './sendSignUpCode.js';

export async function resendSignUpCode(
  { store, mailer, now }: SignUpDeps,
  input: { binding: Binding<'interaction'>; clientIp: string; signInUrl: string; checkAddress: (email: string) => void },
): Promise<{ email: string }> {
  const owner: { person: Person | null } = { person: null };
  const { code, state } = await resendMailedCode(store, {
    kind: 'sign-up-code',
    binding: input.binding,
    personId: null,
    expired: 'signup_expired',
    limits: (pending) => signUpMailLimits(input.clientIp, pending.email),
    deliverable: async (pending) => {
      input.checkAddress(pending.email);
      owner.person = await store.people.findByEmail(pending.email);
      return !owner.person;
    },
    now: now(),
  });
  if (owner.person) await mailer.send({ to: owner.person.email, template: 'signup-existing', values: { signInUrl: input.signInUrl } });
  else await mailer.send({ to: state.email, template: 'signup-code', values: { code, minutes: mailedCodeMinutes('sign-up-code') } });
  return { email: state.email };
}
