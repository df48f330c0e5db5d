/**
 * `idp users show|update|disable|enable|remove|set-claim|unset-claim`: accounts administrators manage.
 */
import { describeAccount, disableAccount, enableAccount, removeAccount, type AccountDescription } from '../access/accounts.js';
import { setPersonClaim } from '../access/customClaims.js';
import { findPersonByEmail } from '../access/people.js';
import { updateProfile, type ProfileInput } from '../access/profile.js';
import { parseClaimValue } from '../access/names.js';
import { notifyAccountDisabled } from '../admin/notifyAccessChange.js';
import { silentLogger } from '../log.js';
import { flag, parseCommandArgs, UsageError } from './args.js';
import { EXIT_OK, printUsage, type Command } from './command.js';
import { mailNotice } from './mailNotice.js';
import { oneLine } from './printable.js';

const disable: Command = {
  summary: 'disable an account: it cannot sign in, its sessions end and its tokens stop working',
  usage: `Usage: idp users disable EMAIL

Ends every session of the account (apps with a back-channel logout URI get a logout token; one that
does not answer is not retried after the command exits) and revokes every grant and token it holds
(refresh tokens fail at once), and tells the person by mail, in their saved language. The account, its passkeys and
groups stay; \`idp users enable EMAIL\` lets it sign in again.`,
  async run(args, context) {
    const { openStore, openAppNotices, out, now } = context;
    const parsed = parseCommandArgs(args, {}, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const store = await openStore();
    const notifyApps = await openAppNotices();
    const { person, sessions, changed } = await disableAccount({ store, notifyApps, now: () => now().getTime(), log: silentLogger }, parsed.positionals[0]!);
    out(`Disabled ${person.email}; ended ${sessions} session${sessions === 1 ? '' : 's'}.\n`);
    if (changed) await mailNotice(context, 'users disable', store, (deps) => notifyAccountDisabled(deps, person));
    return EXIT_OK;
  },
};

const enable: Command = {
  summary: 'let a disabled account sign in again',
  usage: 'Usage: idp users enable EMAIL',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const { person, changed } = await enableAccount({ store: await openStore(), log: silentLogger }, parsed.positionals[0]!);
    out(changed ? `Enabled ${person.email}.\n` : `${person.email} was not disabled.\n`);
    return EXIT_OK;
  },
};

const remove: Command = {
  summary: 'delete an account, as its owner can on the account page',
  usage: `Usage: idp users remove EMAIL

Removes the account's passkeys, ends its sessions and revokes every app's access. Cannot be undone.`,
  async run(args, { openStore, openAppNotices, out }) {
    const parsed = parseCommandArgs(args, {}, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const store = await openStore();
    const { person, passkeys } = await removeAccount({ store, notifyApps: await openAppNotices(), log: silentLogger }, parsed.positionals[0]!);
    out(`Removed ${person.email} and ${passkeys} passkey${passkeys === 1 ? '' : 's'}.\n`);
    return EXIT_OK;
  },
};

/** The profile options of `idp users update`, and the field each sets. */
const PROFILE_OPTIONS = {
  name: 'name', 'given-name': 'givenName', 'family-name': 'familyName', username: 'preferredUsername', picture: 'picture', locale: 'locale',
} as const satisfies Record<string, keyof ProfileInput>;

const update: Command = {
  summary: 'change what apps receive about an account: names, username, picture, language',
  usage: `Usage: idp users update EMAIL [--name TEXT] [--given-name TEXT] [--family-name TEXT]
                        [--username NAME] [--picture URL] [--locale TAG]

An empty value clears the field. --username sets preferred_username, which apps such as Gitea or
Grafana make a login name of (letters, digits, . _ -, up to 64): only administrators set it, and no
two accounts share one. --picture is an https URL; --locale a language tag such as de or pt-BR.`,
  async run(args, { openStore, out }) {
    const options = Object.fromEntries(Object.keys(PROFILE_OPTIONS).map((option) => [option, { type: 'string' as const }]));
    const parsed = parseCommandArgs(args, options, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const input: ProfileInput = {};
    for (const [option, field] of Object.entries(PROFILE_OPTIONS)) {
      const value = parsed.values[option];
      if (typeof value === 'string') input[field] = value;
    }
    if (Object.keys(input).length === 0) throw new UsageError('give at least one of --name, --given-name, --family-name, --username, --picture, --locale');
    const store = await openStore();
    const person = await updateProfile(store, (await findPersonByEmail(store, parsed.positionals[0]!)).id, input);
    out(`Updated ${oneLine(person.email)}: ${Object.keys(input).join(', ')}.\n`);
    return EXIT_OK;
  },
};

function printAccount(account: AccountDescription, out: (text: string) => void): void {
  const traits = [...(account.administrator ? ['administrator'] : []), ...(account.disabled_at ? [`disabled since ${account.disabled_at}`] : [])];
  out(`${oneLine(account.email)}${account.name ? ` (${oneLine(account.name)})` : ''}${traits.length ? `  [${traits.join(', ')}]` : ''}\n`);
  out(`  sub:       ${account.sub}\n  created:   ${account.created_at}\n`);
  out(`  groups:    ${account.groups.join(', ') || '(none)'}\n`);
  out(`  passkeys:  ${account.passkeys.length}\n`);
  for (const passkey of account.passkeys) out(`    ${passkey.name} (${passkey.synced ? 'synced' : 'this device only'}), last used ${passkey.last_used_at ?? 'never'}\n`);
  out(`  sessions:  ${account.sessions.length}\n`);
  out(`  apps:      ${account.apps.map((app) => app.name).join(', ') || '(none)'}\n`);
  for (const [claim, value] of Object.entries(account.claims)) {
    const sources = account.claim_sources[claim]!.map((source) => source.from).join(', ');
    out(`  claim ${claim} = ${JSON.stringify(value)}  (from ${sources})\n`);
  }
  for (const conflict of account.claim_conflicts) {
    out(`  conflict: groups ${conflict.groups.join(', ')} give ${conflict.claim} different values; ${conflict.winner} wins\n`);
  }
}

const show: Command = {
  summary: 'everything about an account: passkeys, groups, claims, sessions and apps',
  usage: `Usage: idp users show EMAIL [--json]

  --json   print one JSON object and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } }, ['email']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const account = await describeAccount(await openStore(), parsed.positionals[0]!);
    if (flag(parsed, 'json')) out(`${JSON.stringify(account)}\n`);
    else printAccount(account, out);
    return EXIT_OK;
  },
};

const setClaim: Command = {
  summary: 'set a custom claim of an account (received by apps allowed to)',
  usage: `Usage: idp users set-claim EMAIL CLAIM JSON

  JSON   the value as JSON: '"text"', 42, true, '["a","b"]', '{"k":"v"}'
The account's own value wins over any its groups give.`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['email', 'claim', 'json']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [email, claim, json] = parsed.positionals as [string, string, string];
    const person = await setPersonClaim(await openStore(), { email, name: claim, value: parseClaimValue(json) });
    out(`${person.email}: ${claim} = ${JSON.stringify(person.claims[claim])}\n`);
    return EXIT_OK;
  },
};

const unsetClaim: Command = {
  summary: 'remove a custom claim of an account',
  usage: 'Usage: idp users unset-claim EMAIL CLAIM',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['email', 'claim']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [email, claim] = parsed.positionals as [string, string];
    const person = await setPersonClaim(await openStore(), { email, name: claim, value: undefined });
    out(`${person.email}: ${claim} removed.\n`);
    return EXIT_OK;
  },
};

/** Merged into `idp users` beside list and recover. */
export const accountCommands: Record<string, Command> = {
  show, update, disable, enable, remove, 'set-claim': setClaim, 'unset-claim': unsetClaim,
};
