/**
 * "Lost your passkey?": mails a recovery link for the account of an address.
 * - The token is 256 bits from the CSPRNG; only its SHA-256 is stored (binding `recovery-link:<hash>`),
 *   single use, valid for RECOVERY_LINK_MINUTES (≤ 10).
 * - The mail goes to the address stored on the account, never to the string that was typed.
 * - An unknown address gets a mail saying there is no account, so that both cases do the same work
 *   and the page answers identically in status, body and time (OWASP ASVS 6.3.8).
 * - Rate-limited per address and per client IP.
 */
import { randomBytes } from 'node:crypto';

import { limitAttempts } from '../rateLimits/limitAttempts.js';
import { recoveryLinkBinding } from '../ceremonies/bindings.js';
import { startCeremony } from '../ceremonies/ceremonies.js';
import { linkTo } from '../email/links.js';
import type { Mailer } from '../email/mailer.js';
import { normalizeEmail, type Store } from '../store/ports.js';

export interface RecoveryDeps {
  store: Store;
  mailer: Mailer;
  issuer: string;
  linkMinutes: number;
  now: () => number;
}

export async function issueRecoveryLink(
  { store, mailer, issuer, linkMinutes, now }: RecoveryDeps,
  input: { email: string; clientIp: string; interactionUid: string | null },
): Promise<void> {
  await limitAttempts(store.rateLimits, [
    [`recovery:ip:${input.clientIp}`, { max: 10, windowSeconds: 15 * 60 }],
    [`recovery:email:${normalizeEmail(input.email)}`, { max: 3, windowSeconds: 15 * 60 }],
  ]);
  const person = await store.people.findByEmail(input.email);
  const token = randomBytes(32).toString('base64url');
  const binding = recoveryLinkBinding(token);
  // An unknown address gets the same write, of a link that names no account (so it opens nothing)
  // and whose token is never sent: both answers do the same work.
  await startCeremony(store, {
    kind: 'recovery-link',
    binding,
    challenge: binding,
    personId: person?.id ?? null,
    state: { interactionUid: input.interactionUid },
    now: now(),
    lifetimeMs: linkMinutes * 60_000,
  });
  if (!person) {
    await mailer.send({ to: input.email, template: 'recovery-unknown', values: { signUpUrl: linkTo(issuer, '/') } });
    return;
  }
  await mailer.send({
    to: person.email,
    template: 'recovery-link',
    values: { link: linkTo(issuer, `/recover/${token}`), minutes: linkMinutes },
  });
}
