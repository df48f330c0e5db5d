/**
 * `idp users list|recover`: for support desks. `recover` sends the very mail the "Lost your passkey?"
 * page sends, to the address stored on the account, under the same limits.
 */
import { checkEmail } from '../access/checkProfile.js';
import { PublicError } from '../errors/publicError.js';
import { issueRecoveryLink } from '../recovery/issueRecoveryLink.js';
import { flag, parseCommandArgs, UsageError } from './args.js';
import { accountCommands } from './accounts.js';
import { oneLine } from './printable.js';
import { EXIT_FAILED, EXIT_OK, printUsage, type Command, type CommandGroup } from './command.js';

const listUsers: Command = {
  summary: 'list accounts with their number of passkeys',
  usage: `Usage: idp users list [--json]

  --json   print one JSON array of accounts and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const store = await openStore();
    const people = await store.people.list();
    const users = await Promise.all(people.map(async (person) => ({
      sub: person.id,
      email: person.email,
      email_verified: person.emailVerified,
      name: person.name,
      passkeys: (await store.credentials.listByPerson(person.id)).length,
      created_at: person.createdAt.toISOString(),
    })));
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(users)}\n`);
      return EXIT_OK;
    }
    if (users.length === 0) out('No accounts yet.\n');
    for (const user of users) {
      out(`${user.sub}  ${oneLine(user.email)}${user.name ? ` (${oneLine(user.name)})` : ''}  ${user.passkeys} passkey${user.passkeys === 1 ? '' : 's'}\n`);
    }
    return EXIT_OK;
  },
};

const recoverUser: Command = {
  summary: 'mail a recovery link to the address of an account',
  usage: `Usage: idp users recover EMAIL

Mails the account's stored address a single-use link to add a new passkey, exactly as
"Lost your passkey?" does. The link is never printed: it goes only to the account's owner.`,
  async run(args, { openStore, openMail, out, err, now }) {
    const parsed = parseCommandArgs(args, {}, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    let email: string;
    try {
      email = checkEmail(parsed.positionals[0]);
    } catch {
      throw new UsageError(`'${parsed.positionals[0]}' is not an email address`);
    }
    const store = await openStore();
    if (!(await store.people.findByEmail(email))) {
      err(`No account with the address ${email} (see \`idp users list\`).\n`);
      return EXIT_FAILED;
    }
    const { mailer, issuer, recoveryLinkMinutes } = await openMail();
    try {
      await issueRecoveryLink(
        { store, mailer, issuer, linkMinutes: recoveryLinkMinutes, now: () => now().getTime() },
        { email, clientIp: 'admin-cli', interactionUid: null },
      );
    } catch (error) {
      if (error instanceof PublicError && error.code === 'rate_limited') {
        err('Too many recovery links were sent to this address in the last 15 minutes; try again later.\n');
        return EXIT_FAILED;
      }
      throw error;
    }
    out(`Sent a recovery link to ${email}, valid for ${recoveryLinkMinutes} minutes.\n`);
    return EXIT_OK;
  },
};

export const userCommands: CommandGroup = {
  summary: 'accounts (people who sign in)',
  commands: { list: listUsers, recover: recoverUser, ...accountCommands },
};
