/**
 * `idp clients add|list|remove`: relying apps, kept as oidc-provider Client records in the store.
 * Every argument is checked before the store is opened, so a refused command writes nothing.
 */
import { flag, listOption, parseCommandArgs, stringOption, UsageError } from './args.js';
import { buildClientMetadata } from './buildClientMetadata.js';
import { checkRedirectUris } from './checkRedirectUris.js';
import { clientAccessCommand } from './clientAccess.js';
import { EXIT_FAILED, EXIT_OK, printUsage, type Command, type CommandGroup } from './command.js';
import type { OidcPayload } from '../store/ports.js';

const addClient: Command = {
  summary: 'register a relying app and print its client_id (and client_secret)',
  usage: `Usage: idp clients add --name NAME --redirect-uri URI [--redirect-uri URI ...]
                       [--post-logout-redirect-uri URI ...] [--public] [--first-party]
                       [--id-token-alg ES256|RS256] [--json]

  --name NAME                      name shown to people when they sign in to the app
  --redirect-uri URI               where sign-in returns to; exact match, repeatable.
                                   https, or http on localhost/127.0.0.1/[::1];
                                   a native app may use a reverse-domain scheme (com.example.app:/cb)
  --post-logout-redirect-uri URI   where sign-out may return to; same rules, repeatable
  --public                         the app cannot keep a secret (SPA, mobile or desktop app):
                                   no client_secret, PKCE only
  --first-party                    the app belongs to the operator of this provider
  --id-token-alg ES256|RS256       how ID tokens for the app are signed (default ES256; RS256 for
                                   libraries that cannot check ES256)
  --json                           print {"client_id": ..., "client_secret": ...} and nothing else

The client_secret is shown only once; it is not printed by \`idp clients list\`.`,
  async run(args, { openStore, out, randomBytes, now }) {
    const parsed = parseCommandArgs(args, {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      public: { type: 'boolean' },
      'first-party': { type: 'boolean' },
      'id-token-alg': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const name = stringOption(parsed, 'name')?.trim();
    if (!name) throw new UsageError('--name NAME is required');
    const redirectUris = listOption(parsed, 'redirect-uri');
    if (redirectUris.length === 0) throw new UsageError('at least one --redirect-uri URI is required');
    const postLogoutRedirectUris = listOption(parsed, 'post-logout-redirect-uri');
    const isPublic = flag(parsed, 'public');
    const applicationType = checkRedirectUris(
      [
        { option: '--redirect-uri', uris: redirectUris },
        { option: '--post-logout-redirect-uri', uris: postLogoutRedirectUris },
      ],
      isPublic,
    );

    const idTokenSigningAlg = stringOption(parsed, 'id-token-alg');
    if (idTokenSigningAlg !== undefined && idTokenSigningAlg !== 'ES256' && idTokenSigningAlg !== 'RS256') {
      throw new UsageError(`--id-token-alg must be ES256 or RS256, not '${idTokenSigningAlg}'`);
    }
    const client = buildClientMetadata(
      { name, redirectUris, postLogoutRedirectUris, isPublic, firstParty: flag(parsed, 'first-party'), applicationType, idTokenSigningAlg },
      { randomBytes, now },
    );
    const store = await openStore();
    await store.oidc.upsert('Client', client.clientId, client.metadata);

    if (flag(parsed, 'json')) {
      out(`${JSON.stringify({ client_id: client.clientId, client_secret: client.clientSecret })}\n`);
    } else {
      out(`Registered ${isPublic ? 'public' : 'confidential'} client "${name}".\n`);
      out(`client_id:     ${client.clientId}\n`);
      if (client.clientSecret) {
        out(`client_secret: ${client.clientSecret}\n`);
        out('Keep the secret in the app\'s configuration now: it will not be shown again.\n');
      } else {
        out('No client_secret: the app must use PKCE (S256).\n');
      }
    }
    return EXIT_OK;
  },
};

/** What `list` shows of a client: never its secret. */
function summarize(id: string, metadata: OidcPayload) {
  const issuedAt = metadata.client_id_issued_at;
  return {
    client_id: id,
    client_name: (metadata.client_name as string | undefined) ?? null,
    public: metadata.token_endpoint_auth_method === 'none',
    first_party: metadata.first_party === true,
    redirect_uris: (metadata.redirect_uris as string[] | undefined) ?? [],
    post_logout_redirect_uris: (metadata.post_logout_redirect_uris as string[] | undefined) ?? [],
    created_at: typeof issuedAt === 'number' ? new Date(issuedAt * 1000).toISOString() : null,
  };
}

const listClients: Command = {
  summary: 'list registered relying apps (without their secrets)',
  usage: `Usage: idp clients list [--json]

  --json   print one JSON array of clients and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const store = await openStore();
    const clients = (await store.oidc.list('Client'))
      .map(({ id, payload }) => summarize(id, payload))
      .sort((a, b) => (a.client_name ?? '').localeCompare(b.client_name ?? '') || a.client_id.localeCompare(b.client_id));

    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(clients)}\n`);
      return EXIT_OK;
    }
    if (clients.length === 0) out('No clients. Add one with `idp clients add`.\n');
    for (const client of clients) {
      const traits = [client.public ? 'public' : 'confidential', ...(client.first_party ? ['first-party'] : [])];
      out(`${client.client_id}  ${client.client_name ?? '(no name)'}  [${traits.join(', ')}]\n`);
      for (const uri of client.redirect_uris) out(`    redirect:     ${uri}\n`);
      for (const uri of client.post_logout_redirect_uris) out(`    after logout: ${uri}\n`);
    }
    return EXIT_OK;
  },
};

const removeClient: Command = {
  summary: 'remove a relying app; it can no longer sign anyone in',
  usage: `Usage: idp clients remove CLIENT_ID

Tokens already issued to the app stop working: the provider no longer knows the client they belong to.`,
  async run(args, { openStore, out, err }) {
    const parsed = parseCommandArgs(args, {}, ['client_id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [clientId] = parsed.positionals as [string];
    const store = await openStore();
    if (!(await store.oidc.find('Client', clientId))) {
      err(`No client with client_id "${clientId}" (see \`idp clients list\`).\n`);
      return EXIT_FAILED;
    }
    await store.oidc.destroy('Client', clientId);
    out(`Removed client ${clientId}.\n`);
    return EXIT_OK;
  },
};

export const clientCommands: CommandGroup = {
  summary: 'relying apps (OpenID Connect clients)',
  commands: { add: addClient, list: listClients, remove: removeClient, access: clientAccessCommand },
};
