/**
 * `idp api-keys create|list|revoke`: keys for the admin REST API (src/admin/apiKeys.ts).
 * The key is printed once, by `create`; only a hash of it is kept.
 */
import { createApiKey, DEFAULT_API_KEY_LIFETIME, listApiKeys, revokeApiKey } from '../admin/apiKeys.js';
import type { ApiKey } from '../store/ports.js';
import { flag, parseCommandArgs, stringOption, UsageError } from './args.js';
import { EXIT_OK, printUsage, type Command, type CommandGroup } from './command.js';
import { oneLine } from './printable.js';

function describe(apiKey: ApiKey) {
  return {
    id: apiKey.id,
    name: apiKey.name,
    scope: apiKey.scope,
    created_by: apiKey.createdBy,
    created_at: apiKey.createdAt.toISOString(),
    expires_at: apiKey.expiresAt.toISOString(),
    last_used_at: apiKey.lastUsedAt?.toISOString() ?? null,
  };
}

const create: Command = {
  summary: 'create a key for the admin REST API (shown once)',
  usage: `Usage: idp api-keys create --name NAME [--expires ${DEFAULT_API_KEY_LIFETIME}] [--read-only] [--json]

Prints a key for /api/admin/v1/, sent as "Authorization: Bearer KEY". It is shown only now:
only a hash of it is kept.

  --name NAME      what the key is for (terraform, CI deploy...)
  --expires 90d    how long it works: 30m, 12h, 30d, 12w... at most 365d (default ${DEFAULT_API_KEY_LIFETIME})
  --read-only      the key can only read (GET); without it, it can change everything the API changes
  --json           print {"id", "name", "scope", "expires_at", "key"} and nothing else`,
  async run(args, { openStore, out, now, randomBytes }) {
    const parsed = parseCommandArgs(args, {
      name: { type: 'string' }, expires: { type: 'string' }, 'read-only': { type: 'boolean' }, json: { type: 'boolean' },
    });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const name = stringOption(parsed, 'name');
    if (name === undefined) throw new UsageError('--name NAME is required');
    const { apiKey, key } = await createApiKey({ store: await openStore(), now: () => now().getTime(), randomBytes }, {
      name, expiresIn: stringOption(parsed, 'expires'), scope: flag(parsed, 'read-only') ? 'read-only' : 'read-write', createdBy: null,
    });
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify({ ...describe(apiKey), key })}\n`);
      return EXIT_OK;
    }
    out(`Created ${apiKey.scope} API key "${oneLine(apiKey.name)}" (id ${apiKey.id}), valid until ${apiKey.expiresAt.toISOString()}.\n`);
    out(`Key (shown only now; send it as "Authorization: Bearer KEY"):\n${key}\n`);
    out(`Revoke it with: idp api-keys revoke ${apiKey.id}\n`);
    return EXIT_OK;
  },
};

const list: Command = {
  summary: 'list live API keys (never the keys themselves)',
  usage: `Usage: idp api-keys list [--json]

  --json   print one JSON array and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const keys = (await listApiKeys(await openStore())).map(describe);
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(keys)}\n`);
      return EXIT_OK;
    }
    if (keys.length === 0) out('No API keys.\n');
    for (const key of keys) {
      out(`${key.id}  ${oneLine(key.name)}  ${key.scope}  until ${key.expires_at}  last used ${key.last_used_at ?? 'never'}\n`);
    }
    return EXIT_OK;
  },
};

const revoke: Command = {
  summary: 'revoke an API key: it stops working at once',
  usage: 'Usage: idp api-keys revoke ID        (the id from `idp api-keys list`)',
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, {}, ['id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    await revokeApiKey(await openStore(), parsed.positionals[0]!);
    out(`Revoked API key ${parsed.positionals[0]}.\n`);
    return EXIT_OK;
  },
};

export const apiKeyCommands: CommandGroup = {
  summary: 'keys for the admin REST API',
  commands: { create, list, revoke },
};
