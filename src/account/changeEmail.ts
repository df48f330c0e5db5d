/**
 * Changing the account's email address, proven by a code mailed to the new address (as at sign-up,
 * src/signup: a 6-digit code kept only as a hash, a few attempts, a short life). Once proven, the
 * address is changed and the old address is told, so that a change nobody asked for is noticed.
 *
 * Whether the new address already belongs to another account is not said when the code is asked
 * for: the answer is the same and so is the work (one mail to the address: the code, or a notice to
 * the account that has it, whose ceremony holds a code none can match, as sign-up does), so the page
 * cannot be used to find out who has an account here. Codes are limited per account, per client
 * address and per target address, whichever accounts ask.
 */
import { checkEmail } from '../access/checkProfile.js';
import { limitAttempts } from '../rateLimits/limitAttempts.js';
import { holdMailedCode, mailedCodeMinutes, redeemMailedCode } from '../ceremonies/mailedCode.js';
import type { Binding } from '../ceremonies/bindings.js';
import { PublicError } from '../errors/publicError.js';
import { DuplicateError, normalizeEmail, type Person } from '../store/ports.js';
import type { AccountDeps } from './deps.js';
import { notify } from './notify.js';

export async function requestEmailChange(
  deps: Pick<AccountDeps, 'store' | 'mailer' | 'now'>,
  input: { binding: Binding<'email-change'>; person: Person; email: string; clientIp: string },
): Promise<string> {
  const { store, mailer, now } = deps;
  const email = checkEmail(input.email);
  if (normalizeEmail(email) === normalizeEmail(input.person.email)) throw new PublicError('email_unchanged');
  await limitAttempts(store.rateLimits, [
    [`email-change:account:${input.person.id}`, { max: 5, windowSeconds: 15 * 60 }],
    [`email-change:ip:${input.clientIp}`, { max: 20, windowSeconds: 15 * 60 }],
    [`email-change:email:${normalizeEmail(email)}`, { max: 5, windowSeconds: 15 * 60 }],
  ]);
  const taken = await store.people.findByEmail(email);
  const code = await holdMailedCode(store, {
    kind: 'email-change-code', binding: input.binding, personId: input.person.id, state: { email }, deliverable: !taken, now: now(),
  });
  if (taken) await mailer.send({ to: taken.email, template: 'email-change-taken', values: {} });
  else await mailer.send({ to: email, template: 'email-change-code', values: { code, minutes: mailedCodeMinutes('email-change-code') } });
  return email;
}

export async function confirmEmailChange(
  deps: Pick<AccountDeps, 'store' | 'mailer' | 'log' | 'now'>,
  input: { binding: Binding<'email-change'>; person: Person; code: string },
): Promise<Person> {
  const { people } = deps.store;
  // redeemMailedCode ensures the code was asked for by this account (the session could have changed hands since).
  const proven = await redeemMailedCode(deps.store, {
    kind: 'email-change-code', binding: input.binding, personId: input.person.id, code: input.code, expired: 'email_change_expired',
  });

  let changed: Person | null;
  try {
    changed = await people.update(input.person.id, { email: proven.state.email, emailVerified: true });
  } catch (error) {
    if (error instanceof DuplicateError) throw new PublicError('email_taken', error.message);
    throw error;
  }
  if (!changed) throw new PublicError('account_signed_out', 'account gone');
  deps.log.info('account.email_changed', { personId: changed.id });
  // The notice goes to the address the account had: its owner is the one who must hear of it.
  await notify(deps, changed.id, { to: input.person.email, template: 'email-changed', values: { time: new Date(deps.now()) } });
  return changed;
}
