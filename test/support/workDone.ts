/**
 * What the provider did for one request, as far as an observer could time it: the store calls it
 * made, in order, and the mails it offered to the SMTP server. Two answers that do the same work
 * take the same time up to noise, which is what "no enumeration by timing" needs (OWASP ASVS
 * 6.3.8), and unlike milliseconds it can be compared exactly on a busy machine.
 */
import type { CountingStore } from './countingStore.js';
import type { SmtpCapture } from './smtpCapture.js';

export interface Work { storeCalls: string[]; mailsOffered: number }

export async function workDone(counting: CountingStore, smtp: SmtpCapture, request: () => Promise<void>): Promise<Work> {
  counting.take();
  const offered = smtp.attempts;
  await request();
  return { storeCalls: counting.take(), mailsOffered: smtp.attempts - offered };
}
