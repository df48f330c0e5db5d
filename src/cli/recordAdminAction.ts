/**
 * Every `idp` command that changes something is an administrative action in the audit trail:
 * type `admin_action`, the command and its arguments, the account it names (by address), and the
 * operating-system user who ran it as the actor (`cli:<user>`). Recorded once the command succeeded;
 * a command that failed or was refused changed nothing. Reading commands are not recorded.
 */
import { userInfo } from 'node:os';

import { recordAudit } from '../audit/recordAudit.js';
import { createLogger } from '../log.js';
import type { CliContext } from './command.js';

/** Commands that only read. `clients access` reads when it is given nothing to change. */
const readingCommands = new Set(['list', 'show', 'members']);
const address = /^[^\s@/:<>]+@[^\s@/:<>]+$/;

export function changesSomething(group: string, command: string, args: string[]): boolean {
  if (group === 'audit' || readingCommands.has(command)) return false;
  if (args.includes('--help') || args.includes('-h')) return false;
  if (group === 'clients' && command === 'access') return args.some((arg) => arg.startsWith('--') && arg !== '--json');
  return true;
}

function operatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function recordAdminAction(context: CliContext, group: string, command: string, args: string[]): Promise<void> {
  const store = await context.openStore();
  const email = args.find((arg) => !arg.startsWith('-') && address.test(arg)) ?? null;
  const person = email ? await store.people.findByEmail(email).catch(() => null) : null;
  await recordAudit({
    store,
    now: () => context.now().getTime(),
    // A record that cannot be written is reported on stderr as a JSON line, with the whole event.
    log: createLogger((line) => context.err(`${line}\n`)),
  }, {
    type: 'admin_action',
    personId: person?.id ?? null,
    email: person?.email ?? email,
    actor: `cli:${operatingSystemUser()}`,
    detail: { command: `${group} ${command}`, arguments: args },
  });
}
