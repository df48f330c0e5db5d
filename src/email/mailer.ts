/**
 * The mailer port and its one implementation. `send` renders the mail, saves it in the store's
 * outbox and wakes the outbox worker (mailWorker.ts), which hands it to SMTP (SMTP_URL) or, without
 * it (development only), to the development outbox. A page therefore answers as soon as the mail is
 * saved, without waiting for an SMTP server: a known and an unknown address cost the same work, and
 * a mail outlives an SMTP outage. When the mail cannot be saved, `send` raises MailDeliveryError, so
 * that the page tells the person instead of saying that a mail is on its way.
 *
 * The mail is written in the language src/email/mailLanguage.ts chooses, from the saved `locale` of
 * the account the address belongs to: every mail looks that account up, whatever its template, so
 * a known and an unknown address still cost the same work.
 *
 * The log records that a mail was queued, sent or failed, by its id and template, never its content:
 * the content holds sign-up codes and recovery links.
 */
import { randomBytes } from 'node:crypto';

import type { Settings } from '../config/settings.js';
import { PublicError } from '../errors/publicError.js';
import type { Logger } from '../log.js';
import type { NewQueuedMail, Store } from '../store/ports.js';
import { isIssuerLink } from './links.js';
import type { MailTransport } from './attemptMail.js';
import { createMailWorker } from './mailWorker.js';
import { chooseMailLocale } from './mailLanguage.js';
import { createDevelopmentOutbox, type DevelopmentOutbox } from './outbox.js';
import { createSmtpDelivery } from './smtp.js';
import { compileMailTemplates, type MailTemplate, type MailTemplates, type MailValues } from './templates.js';

/** One mail to one stored address. The union keeps each template's values checked by the compiler. */
export type OutgoingMail = { [T in MailTemplate]: { to: string; template: T; values: MailValues[T] } }[MailTemplate];

export interface Mailer {
  /** Resolves once the mail is saved in the outbox; rejects with MailDeliveryError when it could not be. */
  send(mail: OutgoingMail): Promise<void>;
}

/** The mail could not be saved for sending: the person is told to try again (`mail_failed`), and loses nothing. */
export class MailDeliveryError extends PublicError<'mail_failed'> {
  constructor(
    readonly template: MailTemplate,
    /** Delivery attempts made (0: the mail was not even saved). */
    readonly attempts: number,
    /** True when retrying later will not help either. */
    readonly permanent: boolean,
    options: { cause: unknown },
  ) {
    // The message must not name the template (signup-code or signup-existing would tell whether
    // the address has an account); `template` is there for the caller.
    super('mail_failed', attempts === 0 ? 'not saved in the outbox' : `after ${attempts} attempts${permanent ? ', refused for good' : ''}`, options);
  }
}

export interface MailerDeps {
  settings: Settings;
  log: Logger;
  /** Where the outbox is kept (the provider's store: several instances may share it), and whose language a recipient reads. */
  store: Pick<Store, 'outbox' | 'people'>;
  now?: () => number;
  /** The outbox to use when SMTP_URL is not set; one is created when not given. */
  outbox?: DevelopmentOutbox;
  /** Tests shorten the pause before the first retry (MAIL_RETRY_SECONDS). */
  retryBaseMs?: number;
  /** Tests shorten how often the worker looks for due mails. */
  pollMs?: number;
  /**
   * Whether this process sends mail (default true). The `idp` command without SMTP_URL only queues:
   * the server's worker then puts its mails on the server's development outbox page, where they are read.
   */
  sends?: boolean;
  templates?: MailTemplates;
}

export interface MailService extends Mailer {
  /** The development outbox in use, or null when mail goes through SMTP. */
  readonly outbox: DevelopmentOutbox | null;
  /** Sends every mail that is due now, and resolves once done (the `idp` command before it exits). */
  deliverDue(): Promise<void>;
  /** Stops the worker, waits for the attempts under way, and closes the SMTP connections. */
  close(): Promise<void>;
}

// One address, as stored: a list or a display name here would send the mail somewhere else as well.
const singleAddress = /^[^\s@<>,;"()[\]\\]+@[^\s@<>,;"()[\]\\]+$/;

export function createMailer(deps: MailerDeps): MailService {
  const { settings, log, store, now = Date.now } = deps;
  const templates = deps.templates ?? compileMailTemplates({ settings });
  if (!settings.smtpUrl && settings.production) throw new Error('SMTP_URL is required in production: the development outbox delivers nothing');
  const smtp = settings.smtpUrl ? createSmtpDelivery({ smtpUrl: settings.smtpUrl, mailFrom: settings.mailFrom }) : null;
  const outbox = smtp ? null : (deps.outbox ?? createDevelopmentOutbox({ log }));
  const transport: MailTransport = smtp
    ? { name: 'smtp', deliver: (mail) => smtp.deliver({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html }) }
    : { name: 'outbox', deliver: async (mail) => ({ messageId: `outbox-${outbox!.record({
      to: mail.to, template: mail.template as MailTemplate, subject: mail.subject, text: mail.text, html: mail.html, links: linksIn(mail.text, settings.issuer),
    }).id}` }) };
  const worker = createMailWorker({
    outbox: store.outbox, transport, log, now,
    maxAttempts: settings.mailMaxAttempts,
    retryBaseMs: deps.retryBaseMs ?? settings.mailRetrySeconds * 1000,
    pollMs: deps.pollMs,
  });
  const sends = deps.sends ?? true;
  if (sends) worker.start();

  return {
    outbox,
    deliverDue: () => (sends ? worker.deliverDue() : Promise.resolve()),
    async close() {
      await worker.stop();
      smtp?.close();
    },
    async send(mail) {
      const { to, template } = mail;
      if (!singleAddress.test(to)) throw new Error(`Refusing to mail "${template}": the recipient is not a single address`);
      const notQueued = (error: unknown) => {
        log.error('mail.not_queued', { template, recipientDomain: domainOf(to), detail: (error as Error).message });
        return new MailDeliveryError(template, 0, false, { cause: error });
      };
      const recipient = await store.people.findByEmail(to).catch((error: unknown) => { throw notQueued(error); });
      const rendered = templates.render(template, mail.values as never, chooseMailLocale(template, recipient?.locale));
      const at = new Date(now());
      const queued: NewQueuedMail = {
        id: randomBytes(12).toString('base64url'), to, template, subject: rendered.subject, text: rendered.text, html: rendered.html, dueAt: at, createdAt: at,
      };
      try {
        await store.outbox.enqueue(queued);
      } catch (error) {
        throw notQueued(error);
      }
      log.info('mail.queued', { id: queued.id, template, recipientDomain: domainOf(to) });
      // Not awaited: the page answers now, and the worker reports how the attempt went.
      if (sends) void worker.deliver({ ...queued, state: 'queued', round: 0, attempts: 0, lastAttemptAt: null, lastError: null });
    },
  };
}

/** The links of a mail, for the development outbox page: every URL under the issuer in its text part. */
function linksIn(text: string, issuer: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])].filter((link) => isIssuerLink(issuer, link));
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
