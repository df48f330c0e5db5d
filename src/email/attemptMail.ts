/**
 * One attempt at one mail, as every instance's outbox worker makes it (mailWorker.ts schedules them).
 *
 * The attempt is claimed first: the claim is a unique insert naming (mail, round, attempt), the one
 * write every engine makes atomic (FerretDB does not make filtered updates atomic), so exactly one
 * instance makes a given attempt, and only its holder records how it ended. A claim whose holder
 * stopped before recording expires after the lease; the attempt then counts as made and the next one
 * is claimed. Delivery is therefore "at least once": a mail is sent twice only when an instance stops
 * between the SMTP server's acceptance and the record of it, or when one send outlasts the lease.
 *
 * A transient failure (SMTP 4xx, no connection) is retried after `retryBaseMs`, doubling each time up
 * to an hour; a permanent one (5xx, refused envelope) or the last allowed attempt moves the mail to
 * `failed`, where operators see it (`idp mail list --failed`) and can send it again. The log says
 * which mail (its id and template) and why, never its text: it holds codes and links.
 */
import type { Logger } from '../log.js';
import type { MailAttempt, MailOutbox, QueuedMail } from '../store/ports.js';
import { isTransient } from './smtp.js';

export interface MailTransport {
  readonly name: 'smtp' | 'outbox';
  /** Resolves once the mail was accepted; rejects with the transport's error otherwise. */
  deliver(mail: QueuedMail): Promise<{ messageId: string }>;
}

export interface AttemptDeps {
  outbox: MailOutbox;
  transport: MailTransport;
  log: Logger;
  now: () => number;
  /** Attempts per round before a mail is given up on (MAIL_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Pause after the first failed attempt, doubled after each further one (MAIL_RETRY_SECONDS). */
  retryBaseMs: number;
  /** How long a claimed attempt may take before another instance counts it as lost. */
  leaseMs: number;
}

const HOUR = 3_600_000;

/** The pause after failed attempt `attempt` (1, 2, ...): base, 2×base, 4×base, ..., at most an hour. */
export function retryDelay(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 30), Math.max(HOUR, baseMs));
}

/** Makes the next attempt at `mail` if nobody else is making it; returns without waiting otherwise. */
export async function attemptMail(deps: AttemptDeps, mail: QueuedMail): Promise<void> {
  const { outbox, now, maxAttempts, leaseMs } = deps;
  for (let attempt = mail.attempts + 1; ; attempt += 1) {
    const claim: MailAttempt = { mailId: mail.id, round: mail.round, attempt };
    if (await outbox.claim(claim, new Date(now() + leaseMs))) {
      if (attempt > maxAttempts) return giveUpOnLostAttempts(deps, mail, claim);
      return send(deps, mail, claim);
    }
    const heldUntil = await outbox.findClaim(claim);
    // Another instance is making this attempt (or it just ended, and the mail was removed).
    if (heldUntil === null || heldUntil.getTime() > now()) return;
    // Its holder stopped before recording it: the attempt counts as made; try to claim the next.
  }
}

async function send(deps: AttemptDeps, mail: QueuedMail, claim: MailAttempt): Promise<void> {
  const { outbox, transport, log, now, maxAttempts, retryBaseMs } = deps;
  const about = { id: mail.id, template: mail.template, transport: transport.name, recipientDomain: domainOf(mail.to) };
  try {
    const { messageId } = await transport.deliver(mail);
    await outbox.recordAttempt({ ...claim, state: 'sent', dueAt: new Date(now()), at: new Date(now()), error: null });
    log.info('mail.sent', { ...about, attempts: claim.attempt, round: claim.round, messageId });
  } catch (error) {
    const reason = describe(error);
    const permanent = !isTransient(error);
    if (permanent || claim.attempt >= maxAttempts) {
      await outbox.recordAttempt({ ...claim, state: 'failed', dueAt: new Date(now()), at: new Date(now()), error: summarize(reason) });
      // The dead letter: operators alert on this event and find the mail with `idp mail list --failed`.
      log.error('mail.failed', { ...about, attempts: claim.attempt, round: claim.round, permanent, reason });
      return;
    }
    const dueAt = new Date(now() + retryDelay(claim.attempt, retryBaseMs));
    await outbox.recordAttempt({ ...claim, state: 'queued', dueAt, at: new Date(now()), error: summarize(reason) });
    log.warn('mail.retry', { ...about, attempt: claim.attempt, round: claim.round, nextAttemptAt: dueAt.toISOString(), reason });
  }
}

async function giveUpOnLostAttempts(deps: AttemptDeps, mail: QueuedMail, claim: MailAttempt): Promise<void> {
  const { outbox, transport, log, now, maxAttempts } = deps;
  const reason = `${maxAttempts} attempts claimed and never finished`;
  await outbox.recordAttempt({ ...claim, attempt: maxAttempts, state: 'failed', dueAt: new Date(now()), at: new Date(now()), error: reason });
  log.error('mail.failed', {
    id: mail.id, template: mail.template, transport: transport.name, recipientDomain: domainOf(mail.to),
    attempts: maxAttempts, round: claim.round, permanent: false, reason,
  });
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** What went wrong, for the log: nodemailer's code and the server's reply, never the message. */
function describe(error: unknown): { code?: string; responseCode?: number; message?: string } {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  return { code, responseCode, message };
}

function summarize({ code, responseCode, message }: ReturnType<typeof describe>): string {
  return [code, responseCode, message].filter((part) => part !== undefined && part !== '').join(' ').slice(0, 500);
}
