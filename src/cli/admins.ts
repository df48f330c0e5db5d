/**
 * `idp admins list|add|remove|invite`: administrators. Whoever can run `idp` against the store is
 * the trust root; `invite` is how the first administrator gets an account on a fresh provider.
 */
import { listAdministrators, makeAdministrator, removeAdministrator } from '../access/administrators.js';
import { flag, parseCommandArgs } from './args.js';
import { EXIT_OK, printUsage, type Command, type CommandGroup } from './command.js';
import { inviteCommand } from './invitations.js';
import { oneLine } from './printable.js';

const listAdmins: Command = {
  summary: 'list administrators',
  usage: `Usage: idp admins list [--json]

  --json   print one JSON array and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const admins = (await listAdministrators(await openStore())).map((person) => ({
      sub: person.id, email: person.email, name: person.name, disabled: person.disabledAt !== null,
    }));
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(admins)}\n`);
      return EXIT_OK;
    }
    if (admins.length === 0) out('No administrators yet. Invite one with `idp admins invite EMAIL`.\n');
    for (const admin of admins) out(`${oneLine(admin.email)}${admin.name ? ` (${oneLine(admin.name)})` : ''}${admin.disabled ? '  [disabled]' : ''}\n`);
    return EXIT_OK;
  },
};

const addAdmin: Command = {
  summary: 'make an existing account an administrator',
  usage: `Usage: idp admins add EMAIL

For someone without an account, use \`idp admins invite EMAIL\`.`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const { person, changed } = await makeAdministrator(await openStore(), parsed.positionals[0]!);
    out(changed ? `${person.email} is now an administrator.\n` : `${person.email} already was an administrator.\n`);
    return EXIT_OK;
  },
};

const removeAdmin: Command = {
  summary: 'take administrator rights away from an account (the account stays)',
  usage: 'Usage: idp admins remove EMAIL',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const { person, changed } = await removeAdministrator(await openStore(), parsed.positionals[0]!);
    out(changed ? `${person.email} is no longer an administrator.\n` : `${person.email} was not an administrator.\n`);
    return EXIT_OK;
  },
};

export const adminCommands: CommandGroup = {
  summary: 'administrators (who manages people, groups and apps)',
  commands: {
    list: listAdmins,
    add: addAdmin,
    remove: removeAdmin,
    invite: inviteCommand({
      summary: 'invite someone to create an account as an administrator',
      usage: `Usage: idp admins invite EMAIL [--print] [--groups NAME,NAME] [--expires 7d] [--json]

Mails EMAIL a single-use link to create an account with a passkey, as an administrator.
This is how a new provider gets its first administrator: an empty database never makes the
first visitor one.

  --print            print the link here instead of mailing it (hand it over yourself)
  --groups A,B       groups the new account joins
  --expires 7d       how long the link works: 30m, 12h, 7d ... at most 30d (default 7d)
  --json             print {"id", "email", "expires_at", "link"?} and nothing else`,
      admin: true,
    }),
  },
};
