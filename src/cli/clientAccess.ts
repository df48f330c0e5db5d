/**
 * `idp clients access CLIENT_ID`: who may sign in to an app and which custom claims it receives.
 * Without options it shows the app's access; with options it changes it.
 */
import { changeAppAccess, describeAppAccess, type AppAccessChanges, type AppAccessView } from '../access/appAccess.js';
import { flag, listOption, parseCommandArgs, UsageError, type ParsedArgs } from './args.js';
import { EXIT_OK, printUsage, type Command } from './command.js';

export const accessOptions = {
  'allowed-group': { type: 'string', multiple: true },
  everyone: { type: 'boolean' },
  claim: { type: 'string', multiple: true },
  'no-claims': { type: 'boolean' },
} as const;

/** The access changes the options ask for (shared by `clients access` and `clients add`). */
export function accessChanges(parsed: ParsedArgs): AppAccessChanges {
  const groups = listOption(parsed, 'allowed-group');
  const claims = listOption(parsed, 'claim');
  if (groups.length > 0 && flag(parsed, 'everyone')) throw new UsageError('--allowed-group and --everyone contradict each other');
  if (claims.length > 0 && flag(parsed, 'no-claims')) throw new UsageError('--claim and --no-claims contradict each other');
  const changes: AppAccessChanges = {};
  if (groups.length > 0) changes.allowedGroups = groups;
  if (flag(parsed, 'everyone')) changes.allowedGroups = null;
  if (claims.length > 0) changes.claims = claims;
  if (flag(parsed, 'no-claims')) changes.claims = [];
  return changes;
}

export function describeAccess(access: AppAccessView): string {
  const who = access.allowedGroups === null ? 'every account' : access.allowedGroups.length ? `members of ${access.allowedGroups.join(', ')}` : 'nobody (its groups were removed)';
  return `${who}${access.claims.length ? `; custom claims: ${access.claims.join(', ')}` : ''}`;
}

export const clientAccessCommand: Command = {
  summary: 'show or change who may sign in to an app and which custom claims it receives',
  usage: `Usage: idp clients access CLIENT_ID [--allowed-group NAME ... | --everyone] [--claim NAME ... | --no-claims] [--json]

New apps are open to every account. Restricting an app lets in only members of its groups;
anyone else is refused at the provider and the app receives access_denied.

  --allowed-group NAME   only members of this group may sign in (repeatable; replaces the list)
  --everyone             every account may sign in
  --claim NAME           a custom claim the app receives (repeatable; replaces the list)
  --no-claims            the app receives no custom claims
  --json                 print {"client_id", "allowed_groups", "claims"} and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { ...accessOptions, json: { type: 'boolean' } }, ['client_id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const clientId = parsed.positionals[0]!;
    const changes = accessChanges(parsed);
    const store = await openStore();
    const access = Object.keys(changes).length > 0 ? await changeAppAccess(store, clientId, changes) : await describeAppAccess(store, clientId);
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify({ client_id: access.clientId, allowed_groups: access.allowedGroups, claims: access.claims })}\n`);
      return EXIT_OK;
    }
    out(`${clientId}: ${describeAccess(access)}\n`);
    return EXIT_OK;
  },
};
