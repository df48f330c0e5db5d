/**
 * `idp invitations create|list|revoke`: single-use links that let one address create an account.
 * The link is shown once: mailed to the address, or printed with `--print`. Only its hash is kept.
 */
import { listInvitations, revokeInvitation } from '../access/invitations.js';
import { sendInvitation } from '../admin/sendInvitation.js';
import { parseDuration } from '../access/duration.js';
import { checkAddress } from '../access/people.js';
import { flag, parseCommandArgs, stringOption, UsageError, type ParsedArgs } from './args.js';
import { EXIT_OK, printUsage, type CliContext, type Command, type CommandGroup } from './command.js';

function groupsOption(parsed: ParsedArgs): string[] {
  return (stringOption(parsed, 'groups') ?? '').split(',').map((name) => name.trim()).filter(Boolean);
}

async function issue(context: CliContext, input: { email: string; parsed: ParsedArgs; admin: boolean }): Promise<number> {
  const { openStore, openMail, out, now, randomBytes } = context;
  const { parsed } = input;
  const email = checkAddress(input.email);
  const expires = stringOption(parsed, 'expires');
  const expiresInMs = expires === undefined ? undefined : parseDuration(expires);
  const print = flag(parsed, 'print');
  const store = await openStore();
  // The mailer is opened before anything is written, so that a mail setup problem writes nothing.
  const mail = print ? null : await openMail();
  const issuer = mail?.issuer ?? (await openMail()).issuer;
  const { invitation, groups, link } = await sendInvitation(
    { store, now: () => now().getTime(), randomBytes, issuer, mailer: mail?.mailer ?? null },
    { email, groups: groupsOption(parsed), isAdmin: input.admin, expiresInMs, createdBy: null },
  );
  const summary = { id: invitation.id, email: invitation.email, administrator: invitation.isAdmin, groups: groups.map((group) => group.name), expires_at: invitation.expiresAt.toISOString() };
  if (flag(parsed, 'json')) {
    out(`${JSON.stringify(print ? { ...summary, link } : summary)}\n`);
    return EXIT_OK;
  }
  out(`Invited ${invitation.email}${input.admin ? ' as an administrator' : ''}${groups.length ? ` (groups: ${summary.groups.join(', ')})` : ''}; the link works once, until ${summary.expires_at}.\n`);
  out(print ? `Link (give it only to ${invitation.email}; it is not shown again):\n${link}\n` : `The link was mailed to ${invitation.email}.\n`);
  out(`Revoke it with: idp invitations revoke ${invitation.id}\n`);
  return EXIT_OK;
}

/** Both `idp invitations create --email E` and `idp admins invite E` issue invitations. */
export function inviteCommand(shape: { summary: string; usage: string; admin: boolean }): Command {
  return {
    summary: shape.summary,
    usage: shape.usage,
    async run(args, context) {
      const parsed = parseCommandArgs(args, {
        print: { type: 'boolean' }, groups: { type: 'string' }, expires: { type: 'string' }, json: { type: 'boolean' },
      }, ['email']);
      if (flag(parsed, 'help')) return printUsage(this, context.out);
      return issue(context, { email: parsed.positionals[0]!, parsed, admin: shape.admin });
    },
  };
}

const createCommand: Command = {
  summary: 'invite someone to create an account',
  usage: `Usage: idp invitations create --email EMAIL [--groups NAME,NAME] [--admin] [--expires 7d] [--print] [--json]

Mails EMAIL a single-use link to create an account with a passkey. Works whatever SIGN_UP says.

  --email EMAIL      the address invited; opening the mailed link proves it
  --groups A,B       groups the new account joins (besides the default groups)
  --admin            the new account is an administrator
  --expires 7d       how long the link works: 30m, 12h, 7d ... at most 30d (default 7d)
  --print            print the link here instead of mailing it (hand it over yourself)
  --json             print {"id", "email", "expires_at", "link"?} and nothing else`,
  async run(args, context) {
    const parsed = parseCommandArgs(args, {
      email: { type: 'string' }, groups: { type: 'string' }, admin: { type: 'boolean' }, expires: { type: 'string' },
      print: { type: 'boolean' }, json: { type: 'boolean' },
    });
    if (flag(parsed, 'help')) return printUsage(this, context.out);
    const email = stringOption(parsed, 'email');
    if (!email) throw new UsageError('--email EMAIL is required');
    return issue(context, { email, parsed, admin: flag(parsed, 'admin') });
  },
};

const listCommand: Command = {
  summary: 'list open invitations (never their links)',
  usage: `Usage: idp invitations list [--json]

  --json   print one JSON array and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const invitations = (await listInvitations(await openStore())).map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      administrator: invitation.isAdmin,
      groups: invitation.groupNames,
      created_at: invitation.createdAt.toISOString(),
      expires_at: invitation.expiresAt.toISOString(),
    }));
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(invitations)}\n`);
      return EXIT_OK;
    }
    if (invitations.length === 0) out('No open invitations.\n');
    for (const invitation of invitations) {
      const traits = [...(invitation.administrator ? ['administrator'] : []), ...(invitation.groups.length ? [`groups: ${invitation.groups.join(', ')}`] : [])];
      out(`${invitation.id}  ${invitation.email}  until ${invitation.expires_at}${traits.length ? `  [${traits.join('; ')}]` : ''}\n`);
    }
    return EXIT_OK;
  },
};

const revokeCommand: Command = {
  summary: 'revoke an open invitation: its link stops working',
  usage: 'Usage: idp invitations revoke ID        (the id from `idp invitations list`)',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    await revokeInvitation(await openStore(), parsed.positionals[0]!);
    out(`Revoked invitation ${parsed.positionals[0]}.\n`);
    return EXIT_OK;
  },
};

export const invitationCommands: CommandGroup = {
  summary: 'invitations (single-use links to create an account)',
  commands: { create: createCommand, list: listCommand, revoke: revokeCommand },
};
