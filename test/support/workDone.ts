/**
 * What the provider did for one request, as far as an observer could time it: the store calls it
 * made (by port, method and oidc model) and the mails it offered to the SMTP server. Two answers
 * that do the same work take the same time up to noise, which is what "no enumeration by timing"
 * needs (OWASP ASVS 6.3.8), and unlike milliseconds it can be compared exactly on a busy machine.
 */
import type { CountedStore, OperationCounts } from '../../bench/countStoreOperations.js';
import type { SmtpCapture } from './smtpCapture.js';

export interface Work { store: OperationCounts; mailsOffered: number }

export async function workDone(counted: CountedStore, smtp: SmtpCapture, request: () => Promise<void>): Promise<Work> {
  const before = counted.counts();
  const offered = smtp.attempts;
  await request();
  const after = counted.counts();
  const store: OperationCounts = {};
  for (const [operation, calls] of Object.entries(after)) {
    const made = calls - (before[operation] ?? 0);
    if (made > 0) store[operation] = made;
  }
  return { store, mailsOffered: smtp.attempts - offered };
}
