/**
 * A real SMTP server in the test process (smtp-server on 127.0.0.1, a free port) that parses every
 * mail it accepts with mailparser. `answer` decides, per delivery attempt, whether to accept or to
 * reply with an SMTP error, so that tests can make a server fail once, or always.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpCapture {
  url: string;
  /** Accepted mails, in order of arrival. */
  mails: ParsedMail[];
  /** How many times a message was offered (DATA), accepted or not. */
  attempts: number;
  /** The next accepted mail (or one already there that has not been waited for). */
  nextMail(timeoutMs?: number): Promise<ParsedMail>;
  /** The first mail to `to` whose subject contains `subject`, waiting for it to arrive. */
  mailTo(to: string, subject: string, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** Return an SMTP reply code (and text) to refuse the attempt, or null to accept it. */
export type Answer = (attempt: number) => { code: number; message: string } | null;

/**
 * `port`: listen on this one (to bring a server back where a mailer expects it); default: a free one.
 * `replyAfterMs`: answer each message that long after it arrived, as a slow server does.
 */
export async function startSmtpCapture(answer: Answer = () => null, options: { port?: number; replyAfterMs?: number } = {}): Promise<SmtpCapture> {
  const mails: ParsedMail[] = [];
  const waiters: Array<(mail: ParsedMail) => void> = [];
  let taken = 0;
  const capture: SmtpCapture = {
    url: '',
    mails,
    attempts: 0,
    // Mail leaves through the outbox worker, beside the request: wait generously for it.
    nextMail(timeoutMs = 10_000) {
      const index = taken++;
      if (mails[index]) return Promise.resolve(mails[index]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters[index] = (mail) => {
          clearTimeout(timer);
          resolve(mail);
        };
      });
    },
    async mailTo(to, subject, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = mails.find((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(to) && m.subject?.includes(subject));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to}; got: ${mails.map((m) => m.subject).join(', ') || 'none'}`);
        await new Promise((done) => setTimeout(done, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      capture.attempts += 1;
      const refusal = answer(capture.attempts);
      simpleParser(stream).then(
        async (mail) => {
          if (options.replyAfterMs) await new Promise((resolve) => setTimeout(resolve, options.replyAfterMs));
          if (refusal) {
            callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
            return;
          }
          const index = mails.push(mail) - 1;
          waiters[index]?.(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  capture.url = `smtp://127.0.0.1:${port}`;
  return capture;
}
