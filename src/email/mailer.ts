/**
 * The mailer port and its one implementation. With SMTP_URL, mail goes through that server; without
 * it (development only) it goes to the development outbox. A failed delivery is retried a few times
 * and then raised as MailDeliveryError, so that the page can tell the person instead of losing the
 * mail silently. The log records that a mail was sent or failed, never its content: the content holds
 * sign-up codes and recovery links.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Settings } from '../config/settings.js';
import { PublicError } from '../errors/publicError.js';
import type { Logger } from '../log.js';
import { createDevelopmentOutbox, type DevelopmentOutbox } from './outbox.js';
import { createSmtpDelivery, isTransient } from './smtp.js';
import { compileMailTemplates, type MailTemplate, type MailTemplates, type MailValues, type RenderedMail } from './templates.js';

/** One mail to one stored address. The union keeps each template's values checked by the compiler. */
export type OutgoingMail = { [T in MailTemplate]: { to: string; template: T; values: MailValues[T] } }[MailTemplate];

export interface Mailer {
  /** Resolves once the mail was handed over; rejects with MailDeliveryError when it could not be. */
  send(mail: OutgoingMail): Promise<void>;
}

/** Every retry failed: the person is told to try again (`mail_failed`), and loses nothing. */
export class MailDeliveryError extends PublicError<'mail_failed'> {
  constructor(
    readonly template: MailTemplate,
    readonly attempts: number,
    /** True when the server refused for good (5xx), so that retrying later will not help either. */
    readonly permanent: boolean,
    options: { cause: unknown },
  ) {
    // The message must not name the template (signup-code or signup-existing would tell whether
    // the address has an account); `template` is there for the caller.
    super('mail_failed', `after ${attempts} attempts${permanent ? ', refused for good' : ''}`, options);
  }
}

export interface MailerDeps {
  settings: Settings;
  log: Logger;
  /** The outbox to use when SMTP_URL is not set; one is created when not given. */
  outbox?: DevelopmentOutbox;
  sleep?: (ms: number) => Promise<unknown>;
  /** Pauses between attempts: its length + 1 is the number of attempts. */
  retryDelays?: number[];
  templates?: MailTemplates;
}

export interface MailService extends Mailer {
  /** The development outbox in use, or null when mail goes through SMTP. */
  readonly outbox: DevelopmentOutbox | null;
  close(): void;
}

// One address, as stored: a list or a display name here would send the mail somewhere else as well.
const singleAddress = /^[^\s@<>,;"()[\]\\]+@[^\s@<>,;"()[\]\\]+$/;

export function createMailer(deps: MailerDeps): MailService {
  const { settings, log, sleep = delay, retryDelays = [200, 1000] } = deps;
  const templates = deps.templates ?? compileMailTemplates({ settings });
  if (!settings.smtpUrl && settings.production) throw new Error('SMTP_URL is required in production: the development outbox delivers nothing');
  const smtp = settings.smtpUrl ? createSmtpDelivery({ smtpUrl: settings.smtpUrl, mailFrom: settings.mailFrom }) : null;
  const outbox = smtp ? null : (deps.outbox ?? createDevelopmentOutbox({ log }));
  const transport = smtp ? 'smtp' : 'outbox';

  async function deliver(to: string, template: MailTemplate, rendered: RenderedMail): Promise<string> {
    if (outbox) return `outbox-${outbox.record({ to, template, ...rendered }).id}`;
    return (await smtp!.deliver({ to, subject: rendered.subject, text: rendered.text, html: rendered.html })).messageId;
  }

  return {
    outbox,
    close: () => smtp?.close(),
    async send(mail) {
      const { to, template } = mail;
      if (!singleAddress.test(to)) throw new Error(`Refusing to mail "${template}": the recipient is not a single address`);
      const rendered = templates.render(template, mail.values as never);
      const recipientDomain = to.slice(to.lastIndexOf('@') + 1).toLowerCase();
      for (let attempt = 1; ; attempt++) {
        try {
          const messageId = await deliver(to, template, rendered);
          log.info('mail.sent', { template, transport, recipientDomain, attempts: attempt, messageId });
          return;
        } catch (error) {
          const reason = describe(error);
          const retry = isTransient(error) && attempt <= retryDelays.length;
          if (retry) {
            log.warn('mail.retry', { template, transport, recipientDomain, attempt, reason });
            await sleep(retryDelays[attempt - 1]!);
            continue;
          }
          log.error('mail.failed', { template, transport, recipientDomain, attempts: attempt, permanent: !isTransient(error), reason });
          throw new MailDeliveryError(template, attempt, !isTransient(error), { cause: error });
        }
      }
    },
  };
}

/** What went wrong, for the log: nodemailer's code and the server's reply, never the message. */
function describe(error: unknown): Record<string, unknown> {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  return { code, responseCode, message };
}
