/**
 * `idp groups …`: groups of people, their members, default groups and group claims.
 */
import { parseClaimValue } from '../access/names.js';
import { setGroupClaim } from '../access/customClaims.js';
import { addMember, createGroup, listGroups, listMembers, removeGroup, removeMember, updateGroup } from '../access/groups.js';
import { notifyGroupAccessRemoved } from '../admin/notifyAccessChange.js';
import { flag, parseCommandArgs, stringOption, UsageError } from './args.js';
import { EXIT_OK, printUsage, type Command, type CommandGroup } from './command.js';
import { mailNotice } from './mailNotice.js';
import { oneLine } from './printable.js';

const create: Command = {
  summary: 'create a group',
  usage: `Usage: idp groups create NAME [--description TEXT] [--default]

  NAME                 lower-case letters, digits, "-", "_" and "." (apps see it in the groups claim)
  --description TEXT   what the group is for
  --default            every new account joins it`,
  async run(args, { openStore, out, randomBytes }) {
    const parsed = parseCommandArgs(args, { description: { type: 'string' }, default: { type: 'boolean' } }, ['name']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const group = await createGroup({ store: await openStore(), randomBytes }, {
      name: parsed.positionals[0]!, description: stringOption(parsed, 'description') ?? null, isDefault: flag(parsed, 'default'),
    });
    out(`Created group ${group.name}${group.isDefault ? ' (new accounts join it)' : ''}.\n`);
    return EXIT_OK;
  },
};

const list: Command = {
  summary: 'list groups with their number of members',
  usage: `Usage: idp groups list [--json]

  --json   print one JSON array and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const groups = (await listGroups(await openStore())).map((group) => ({
      name: group.name, description: group.description, default: group.isDefault, members: group.members, claims: group.claims,
      created_at: group.createdAt.toISOString(),
    }));
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(groups)}\n`);
      return EXIT_OK;
    }
    if (groups.length === 0) out('No groups yet. Create one with `idp groups create NAME`.\n');
    for (const group of groups) {
      out(`${group.name}  ${group.members} member${group.members === 1 ? '' : 's'}${group.default ? '  [default]' : ''}${group.description ? `  ${group.description}` : ''}\n`);
      for (const [claim, value] of Object.entries(group.claims)) out(`    claim ${claim} = ${JSON.stringify(value)}\n`);
    }
    return EXIT_OK;
  },
};

const update: Command = {
  summary: 'change a group’s description, or whether new accounts join it',
  usage: 'Usage: idp groups update NAME [--description TEXT] [--default | --no-default]',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { description: { type: 'string' }, default: { type: 'boolean' }, 'no-default': { type: 'boolean' } }, ['name']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    if (flag(parsed, 'default') && flag(parsed, 'no-default')) throw new UsageError('--default and --no-default contradict each other');
    const isDefault = flag(parsed, 'default') ? true : flag(parsed, 'no-default') ? false : undefined;
    const description = stringOption(parsed, 'description');
    if (isDefault === undefined && description === undefined) throw new UsageError('nothing to change: give --description, --default or --no-default');
    const group = await updateGroup(await openStore(), parsed.positionals[0]!, { description, isDefault });
    out(`Updated group ${group.name}${group.isDefault ? ' (new accounts join it)' : ''}.\n`);
    return EXIT_OK;
  },
};

const remove: Command = {
  summary: 'remove a group (its members stay; apps restricted to it let them in no more)',
  usage: 'Usage: idp groups remove NAME',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['name']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const group = await removeGroup(await openStore(), parsed.positionals[0]!);
    out(`Removed group ${group.name}.\n`);
    return EXIT_OK;
  },
};

const members: Command = {
  summary: 'list the members of a group',
  usage: 'Usage: idp groups members NAME [--json]',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } }, ['name']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const found = await listMembers(await openStore(), parsed.positionals[0]!);
    const people = found.members.map((person) => ({ sub: person.id, email: person.email, name: person.name }));
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(people)}\n`);
      return EXIT_OK;
    }
    if (people.length === 0) out(`Group ${found.group.name} has no members.\n`);
    for (const person of people) out(`${oneLine(person.email)}${person.name ? ` (${oneLine(person.name)})` : ''}\n`);
    return EXIT_OK;
  },
};

const addMemberCommand: Command = {
  summary: 'add an account to a group',
  usage: 'Usage: idp groups add-member NAME EMAIL',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['name', 'email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const { group, person, changed } = await addMember(await openStore(), { group: parsed.positionals[0]!, email: parsed.positionals[1]! });
    out(changed ? `Added ${person.email} to ${group.name}.\n` : `${person.email} already was in ${group.name}.\n`);
    return EXIT_OK;
  },
};

const removeMemberCommand: Command = {
  summary: 'take an account out of a group',
  usage: `Usage: idp groups remove-member NAME EMAIL

When that takes apps away from the person (apps restricted to the group), they are told by mail.`,
  async run(args, context) {
    const { openStore, out } = context;
    const parsed = parseCommandArgs(args, {}, ['name', 'email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const store = await openStore();
    const { group, person, changed } = await removeMember(store, { group: parsed.positionals[0]!, email: parsed.positionals[1]! });
    out(changed ? `Removed ${person.email} from ${group.name}.\n` : `${person.email} was not in ${group.name}.\n`);
    if (changed) await mailNotice(context, 'groups remove-member', store, (deps) => notifyGroupAccessRemoved(deps, person, group));
    return EXIT_OK;
  },
};

const setClaim: Command = {
  summary: 'set a custom claim its members receive (in apps allowed to receive it)',
  usage: `Usage: idp groups set-claim NAME CLAIM JSON

  JSON   the value as JSON: '"text"', 42, true, '["a","b"]', '{"k":"v"}'

When members are in several groups that give CLAIM different values, arrays are merged and
otherwise the group whose name sorts first wins; you are told when that happens.`,
  async run(args, { openStore, out, err }) {
    const parsed = parseCommandArgs(args, {}, ['name', 'claim', 'json']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [name, claim, json] = parsed.positionals as [string, string, string];
    const { group, conflicts } = await setGroupClaim(await openStore(), { group: name, name: claim, value: parseClaimValue(json) });
    out(`Group ${group.name}: ${claim} = ${JSON.stringify(group.claims[claim])}\n`);
    for (const conflict of conflicts) {
      err(`Note: ${conflict.email} is in groups that give ${claim} different values (${conflict.groups.join(', ')}); ${conflict.winner} wins.\n`);
    }
    return EXIT_OK;
  },
};

const unsetClaim: Command = {
  summary: 'remove a custom claim from a group',
  usage: 'Usage: idp groups unset-claim NAME CLAIM',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['name', 'claim']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [name, claim] = parsed.positionals as [string, string];
    const { group } = await setGroupClaim(await openStore(), { group: name, name: claim, value: undefined });
    out(`Group ${group.name}: ${claim} removed.\n`);
    return EXIT_OK;
  },
};

export const groupCommands: CommandGroup = {
  summary: 'groups of people (app access, the groups claim, group claims)',
  commands: {
    create, list, update, remove, members, 'add-member': addMemberCommand, 'remove-member': removeMemberCommand,
    'set-claim': setClaim, 'unset-claim': unsetClaim,
  },
};
