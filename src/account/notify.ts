/**
 * Notices to the account's stored address after something changed. The change is already made, so
 * a mail that cannot be sent is logged, not thrown: the person at the page must not be told that
 * their change failed when it did not.
 */
import type { OutgoingMail } from '../email/mailer.js';
import type { AccountDeps } from './deps.js';

export async function notify(deps: Pick<AccountDeps, 'mailer' | 'log'>, personId: string, mail: OutgoingMail): Promise<void> {
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    deps.log.error('account.notice_failed', { personId, template: mail.template, detail: (error as Error).message });
  }
}
