/**
 * The outbox worker: runs in every instance (several may share one database) and hands the mails in
 * the store's outbox to the transport (SMTP, or the development outbox), one claimed attempt at a
 * time (attemptMail.ts). Pages only queue a mail (mailer.ts) and hand it to `deliver`, so no page
 * waits for an SMTP server, and a mail outlives a server that is down. Every `pollMs` the worker
 * also looks for mails due: retries, and mails an instance queued before it stopped.
 */
import type { Logger } from '../log.js';
import type { MailOutbox, QueuedMail } from '../store/ports.js';
import { attemptMail, type AttemptDeps, type MailTransport } from './attemptMail.js';

export interface MailWorkerDeps {
  outbox: MailOutbox;
  transport: MailTransport;
  log: Logger;
  now?: () => number;
  /** Attempts per round before a mail is given up on (MAIL_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Pause after the first failed attempt, doubled after each further one (MAIL_RETRY_SECONDS). */
  retryBaseMs: number;
  /** How long a claimed attempt may take before another instance counts it as lost. */
  leaseMs?: number;
  /** How often to look for mails due. */
  pollMs?: number;
  /** Mails sent at the same time by one look. */
  concurrency?: number;
}

export interface MailWorker {
  /** Looks for due mails every `pollMs` until stopped. */
  start(): void;
  /** Makes the next attempt at a mail just queued, without waiting for the next look (resolves once it ended). */
  deliver(mail: QueuedMail): Promise<void>;
  /**
   * Sends every mail due now; resolves once done, and once the attempts already under way ended. A
   * call while a run is under way starts one more run after it (so a mail queued meanwhile is seen),
   * and calls meanwhile share that run.
   */
  deliverDue(): Promise<void>;
  /** Stops looking and waits for the attempts under way to end. */
  stop(): Promise<void>;
}

/** Mails taken by one look; more due means another look at once. */
const BATCH = 50;

export function createMailWorker(deps: MailWorkerDeps): MailWorker {
  const { outbox, transport, log, now = Date.now, maxAttempts, retryBaseMs, leaseMs = 5 * 60_000, pollMs = 5_000, concurrency = 4 } = deps;
  let running: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const underWay = new Set<Promise<void>>();
  const attemptDeps: AttemptDeps = { outbox, transport, log, now, maxAttempts, retryBaseMs, leaseMs };
  const attemptOnce = (mail: QueuedMail) => attemptMail(attemptDeps, mail);

  async function run(): Promise<void> {
    const due = await outbox.listDue(new Date(now()), BATCH);
    let next = 0;
    const lane = async () => {
      while (!stopped && next < due.length) {
        const mail = due[next++]!;
        await attemptOnce(mail).catch((error: Error) => log.error('mail.worker_failed', { id: mail.id, detail: error.message }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, lane));
    // More were due than one run takes: go on at once.
    if (due.length === BATCH && !stopped) void runAgain();
  }

  /** Resolves once the run waiting to start (or started now) and every attempt under way have ended. */
  function deliverDue(): Promise<void> {
    return runAgain().then(() => Promise.all([...underWay])).then(() => undefined);
  }

  function runAgain(): Promise<void> {
    if (stopped) return running;
    if (waiting) return waiting;
    const next = running.then(() => {
      waiting = null;
      return run().catch((error: Error) => log.error('mail.worker_failed', { detail: error.message }));
    });
    waiting = next;
    running = next;
    return next;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void runAgain().finally(schedule);
    }, pollMs);
    // A process that has nothing else to do may exit: the mails wait in the store.
    timer.unref();
  }

  return {
    start() {
      if (!stopped && timer === null) schedule();
    },
    deliver(mail) {
      if (stopped) return Promise.resolve();
      const made = attemptOnce(mail).catch((error: Error) => log.error('mail.worker_failed', { id: mail.id, detail: error.message }));
      underWay.add(made);
      void made.finally(() => underWay.delete(made));
      return made;
    },
    deliverDue,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all([running, ...underWay]);
    },
  };
}
