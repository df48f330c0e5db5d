/**
 * Where mail goes when no SMTP server is configured (development only; settings refuse production
 * without SMTP_URL). Nothing is delivered: the last few mails are kept in memory for the development
 * page (/dev/outbox), where a developer reads the sign-up code or recovery link. The log says that a
 * mail arrived there, never what it says: no secret reaches a log line, in development either.
 */
import type { Logger } from '../log.js';
import type { MailTemplate, RenderedMail } from './templates.js';

export interface OutboxMail extends RenderedMail {
  /** Sequence number, from 1, so that a page can link to one mail. */
  id: number;
  to: string;
  template: MailTemplate;
  at: Date;
}

export interface DevelopmentOutbox {
  record(mail: { to: string; template: MailTemplate } & RenderedMail): OutboxMail;
  /** The kept mails, newest first. */
  list(): OutboxMail[];
}

export function createDevelopmentOutbox(deps: { log: Logger; capacity?: number; now?: () => Date }): DevelopmentOutbox {
  const { log, capacity = 50, now = () => new Date() } = deps;
  const kept: OutboxMail[] = [];
  let sequence = 0;
  // Say it once and loudly: a developer who expects mail in an inbox would otherwise wait for it.
  log.warn('mail.development_outbox', {
    message: 'SMTP_URL is not set: mails are NOT delivered. They are kept in memory and shown at /dev/outbox (development only).',
  });

  return {
    record(mail) {
      sequence += 1;
      const entry: OutboxMail = { ...mail, id: sequence, at: now() };
      kept.unshift(entry);
      kept.splice(capacity);
      log.info('mail.outbox', { id: entry.id, to: entry.to, template: entry.template, subject: entry.subject, page: '/dev/outbox' });
      return entry;
    },
    list() {
      return [...kept];
    },
  };
}
