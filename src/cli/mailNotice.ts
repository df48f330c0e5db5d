/**
 * Tells a person by mail what an administrator's command changed for them (their account was
 * disabled, a group that let them into apps was taken away), as the admin API does
 * (src/admin/notifyAccessChange.ts). The change is made first and stands whatever happens to the
 * mail: a mail that cannot be set up or queued is reported on stderr, and the command still succeeds.
 */
import type { notifyAccountDisabled } from '../admin/notifyAccessChange.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/ports.js';
import type { CliContext } from './command.js';

type NoticeDeps = Parameters<typeof notifyAccountDisabled>[0];

export async function mailNotice(context: CliContext, command: string, store: Store, notice: (deps: NoticeDeps) => Promise<unknown>): Promise<void> {
  const problem = (detail: unknown) => context.err(`idp ${command}: done, but no notice could be mailed: ${String(detail)}\n`);
  let mailer: NoticeDeps['mailer'];
  try {
    mailer = (await context.openMail()).mailer;
  } catch (error) {
    problem((error as Error).message);
    return;
  }
  const log: Logger = { info() {}, warn: (_event, fields) => problem(fields?.detail), error: (_event, fields) => problem(fields?.detail) };
  await notice({ store, mailer, log, now: () => context.now().getTime() });
}
