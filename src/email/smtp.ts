/**
 * Delivery through an SMTP server with nodemailer's SMTP transport. Options in the query of SMTP_URL
 * (`?requireTLS=true`, `?connectionTimeout=20000`) are passed to nodemailer and override the defaults here.
 */
import nodemailer from 'nodemailer';

export interface SmtpMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpDelivery {
  /** Resolves once the server accepted the message; rejects with nodemailer's error otherwise. */
  deliver(message: SmtpMessage): Promise<{ messageId: string }>;
  close(): void;
}

export function createSmtpDelivery(deps: { smtpUrl: string; mailFrom: string }): SmtpDelivery {
  const transport = nodemailer.createTransport({
    url: deps.smtpUrl,
    // An attempt holds its claim, and a stopping server waits for it, so a server that does not
    // answer must fail within seconds (nodemailer's defaults are minutes); the outbox retries later.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
    // Never let nodemailer log the conversation: it would contain the codes and links.
    logger: false,
    debug: false,
  });

  return {
    async deliver(message) {
      const info = await transport.sendMail({ from: deps.mailFrom, ...message });
      // With one recipient a refusal is normally an error; treat a partial answer the same way.
      if (info.rejected.length > 0) {
        throw Object.assign(new Error(`Recipient refused: ${String(info.response)}`), { code: 'EENVELOPE', responseCode: 550 });
      }
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

/** Errors that nodemailer reports without an SMTP reply and that retrying cannot fix. */
const permanentCodes = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMAXRECIPIENTS', 'EOAUTH2', 'EREQUIRETLS']);

/**
 * Whether another attempt may succeed: SMTP 4xx replies are temporary by definition (RFC 5321 §4.2.1),
 * 5xx are not; without a reply, connection and timeout failures are worth a retry, configuration
 * and envelope errors are not.
 */
export function isTransient(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return !permanentCodes.has(code ?? '');
}
