/**
 * The `idp` dispatcher: `idp GROUP COMMAND [options]`, looked up in one table of command groups.
 * Usage errors print a message and a hint on stderr and exit 2; nothing is written.
 */
import { randomBytes } from 'node:crypto';
import { PublicError } from '../errors/publicError.js';
import { adminCommands } from './admins.js';
import { apiKeyCommands } from './apiKeys.js';
import { UsageError } from './args.js';
import { auditCommand } from './audit.js';
import { clientCommands } from './clients.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliContext, type CliDeps, type Command, type CommandGroup } from './command.js';
import { groupCommands } from './groups.js';
import { invitationCommands } from './invitations.js';
import { mailCommands } from './mail.js';
import { printable } from './printable.js';
import { changesSomething, recordAdminAction } from './recordAdminAction.js';
import { userCommands } from './users.js';

/**
 * Every command group, in the order `idp --help` lists them. A new group is one module exporting a
 * `CommandGroup` and one line here.
 */
const groups: Record<string, CommandGroup> = {
  clients: clientCommands,
  users: userCommands,
  admins: adminCommands,
  invitations: invitationCommands,
  groups: groupCommands,
  'api-keys': apiKeyCommands,
  mail: mailCommands,
};

/** Commands that stand alone, without a group: `idp audit [options]`. */
const standalone: Record<string, Command> = {
  audit: auditCommand,
};

function isHelp(arg: string | undefined): boolean {
  return arg === '--help' || arg === '-h' || arg === 'help';
}

function mainUsage(): string {
  const lines = [...Object.entries(groups), ...Object.entries(standalone)].map(([name, group]) => `  ${name.padEnd(10)} ${group.summary}`);
  return `Usage: idp GROUP COMMAND [options]

Administration of this OpenID Connect provider. Reads the same configuration as the server
(environment, then the file named by IDP_CONFIG) and is safe to run while the server runs.

Groups:
${lines.join('\n')}

Run \`idp GROUP --help\` for its commands, \`idp GROUP COMMAND --help\` for their options.
`;
}

function groupUsage(name: string, group: CommandGroup): string {
  const lines = Object.entries(group.commands).map(([command, { summary }]) => `  ${command.padEnd(10)} ${summary}`);
  return `Usage: idp ${name} COMMAND [options]

Commands for ${group.summary}:
${lines.join('\n')}

Run \`idp ${name} COMMAND --help\` for its options.
`;
}

/** Runs one `idp` invocation (`argv` without node and the script) and returns its exit status. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const context: CliContext = {
    randomBytes, now: () => new Date(), openAppNotices: async () => async () => {}, ...deps,
    out: (text) => deps.out(printable(text)),
    err: (text) => deps.err(printable(text)),
  };
  const { out, err } = context;
  const [groupName, commandName, ...args] = argv;

  if (isHelp(groupName)) {
    out(mainUsage());
    return EXIT_OK;
  }
  if (groupName !== undefined && Object.hasOwn(standalone, groupName)) {
    return runCommand(context, groupName, null, standalone[groupName]!, argv.slice(1));
  }
  const group = groupName === undefined ? undefined : Object.hasOwn(groups, groupName) ? groups[groupName] : undefined;
  if (!group) {
    err(groupName === undefined ? mainUsage() : `idp: unknown command group '${groupName}'. Run \`idp --help\`.\n`);
    return EXIT_USAGE;
  }
  if (isHelp(commandName)) {
    out(groupUsage(groupName!, group));
    return EXIT_OK;
  }
  const command = commandName === undefined ? undefined : Object.hasOwn(group.commands, commandName) ? group.commands[commandName] : undefined;
  if (!command) {
    err(commandName === undefined ? groupUsage(groupName!, group) : `idp ${groupName}: unknown command '${commandName}'. Run \`idp ${groupName} --help\`.\n`);
    return EXIT_USAGE;
  }

  return runCommand(context, groupName!, commandName!, command, args);
}

async function runCommand(context: CliContext, groupName: string, commandName: string | null, command: Command, args: string[]): Promise<number> {
  const { err } = context;
  const name = commandName === null ? groupName : `${groupName} ${commandName}`;
  try {
    const status = await command.run(args, context);
    if (status === EXIT_OK && commandName !== null && changesSomething(groupName, commandName, args)) {
      // The change is made: a record that cannot be written is reported, never turned into a failure.
      await recordAdminAction(context, groupName, commandName, args)
        .catch((error: Error) => err(`idp ${name}: done, but not recorded in the audit trail: ${error.message}\n`));
    }
    return status;
  } catch (error) {
    if (error instanceof PublicError && error.expose) {
      // Refused input (a bad name or value) is wrong usage, like a bad option; anything else failed.
      err(`idp ${name}: ${error.publicMessage}\n`);
      return error.status === 400 ? EXIT_USAGE : EXIT_FAILED;
    }
    if (error instanceof UsageError) {
      err(`idp ${name}: ${error.message}\nRun \`idp ${name} --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    err(`idp ${name} failed: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  }
}
