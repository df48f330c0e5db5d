/**
 * `idp clients add|list|update|rotate-secret|remove`: argument parsing and output only. What a
 * command does is in src/clients/relyingApps.ts, shared with any other way of administering apps.
 * A refused setting is a usage error (exit 2) and writes nothing.
 */
import { parseDuration } from '../access/duration.js';
import { LIFETIME_LIMITS, type AppSettings } from '../clients/appSettings.js';
import { AppSettingError, UnknownAppError } from '../clients/errors.js';
import {
  listApps, newAppSettings, registerApp, removeApp, rotateAppSecret, updateApp, type AppChanges, type AppSummary,
} from '../clients/relyingApps.js';
import { PKCE_POLICIES, type PkcePolicy } from '../oidc/clientPolicy.js';
import { ID_TOKEN_ALGS, type IdTokenAlg } from '../oidc/createProvider.js';
import { flag, listOption, parseCommandArgs, stringOption, UsageError, type ParsedArgs } from './args.js';
import { clientAccessCommand } from './clientAccess.js';
import { EXIT_FAILED, EXIT_OK, printUsage, type CliContext, type Command, type CommandGroup } from './command.js';

/** The option each setting comes from, named in error messages. */
const optionFor: Record<keyof AppSettings, string> = {
  name: '--name',
  redirectUris: '--redirect-uri',
  postLogoutRedirectUris: '--post-logout-redirect-uri',
  isPublic: '--public',
  firstParty: '--first-party',
  idTokenSigningAlg: '--id-token-alg',
  pkce: '--pkce',
  idTokenScopeClaims: '--id-token-claims',
  backchannelLogoutUri: '--backchannel-logout-uri',
  deviceFlow: '--device',
  logoUri: '--logo-uri',
  launchUri: '--launch-uri',
  accessTokenLifetime: '--access-token-lifetime',
  refreshTokenLifetime: '--refresh-token-lifetime',
};

/** `15m`, `12h`, `30d` as seconds; `default` (null) goes back to the provider's own lifetime. */
function lifetimeOption(parsed: ParsedArgs, option: string, { min, max }: { min: number; max: number }): number | null | undefined {
  const value = stringOption(parsed, option);
  if (value === undefined) return undefined;
  if (value === 'default') return null;
  try {
    const seconds = parseDuration(value, max * 1000) / 1000;
    if (seconds >= min) return seconds;
  } catch {
    // said below
  }
  const most = max % 86_400 === 0 ? `${max / 86_400}d` : `${max / 3600}h`;
  throw new UsageError(`--${option} must be a duration from ${min / 60}m to ${most}, such as 15m, 12h or 30d, or default`);
}

/** Runs `action`, turning a refused setting into a usage error and an unknown app into exit 1. */
async function asCommand(err: CliContext['err'], action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof AppSettingError) throw new UsageError(`${optionFor[error.setting]} ${error.problem}`);
    if (error instanceof UnknownAppError) {
      err(`No client with client_id "${error.clientId}" (see \`idp clients list\`).\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

function oneOf<T extends string>(parsed: ParsedArgs, option: string, values: readonly T[]): T | undefined {
  const value = stringOption(parsed, option);
  if (value !== undefined && !values.includes(value as T)) throw new UsageError(`--${option} must be ${values.join(' or ')}, not '${value}'`);
  return value as T | undefined;
}

function yesNo(parsed: ParsedArgs, option: string): boolean | undefined {
  const value = oneOf(parsed, option, ['yes', 'no'] as const);
  return value === undefined ? undefined : value === 'yes';
}

function printWarnings(err: CliContext['err'], warnings: string[]): void {
  for (const warning of warnings) err(`Warning: ${warning}\n`);
}

const ALG_HELP = `how ID tokens for the app are signed: ${ID_TOKEN_ALGS.join(', ')} (default ${ID_TOKEN_ALGS[0]})`;

const addClient: Command = {
  summary: 'register a relying app and print its client_id (and client_secret)',
  usage: `Usage: idp clients add --name NAME --redirect-uri URI [--redirect-uri URI ...]
                       [--post-logout-redirect-uri URI ...] [--public] [--first-party]
                       [--id-token-alg ${ID_TOKEN_ALGS.join('|')}] [--pkce required|optional]
                       [--id-token-claims yes|no] [--backchannel-logout-uri URI] [--device]
                       [--logo-uri URI] [--launch-uri URI] [--json]

  --name NAME                      name shown to people when they sign in to the app
  --redirect-uri URI               where sign-in returns to; exact match, repeatable (not needed
                                   for an app that signs in only with --device).
                                   https, or http on localhost/127.0.0.1/[::1];
                                   a native app may use a reverse-domain scheme (com.example.app:/cb)
  --post-logout-redirect-uri URI   where sign-out may return to; same rules, repeatable
  --public                         the app cannot keep a secret (SPA, mobile or desktop app):
                                   no client_secret, PKCE always required
  --first-party                    the app belongs to the operator of this provider: no consent page
  --id-token-alg ALG               ${ALG_HELP}
  --pkce required|optional         whether the app must send PKCE (default required). optional is
                                   only for a confidential app whose library cannot send it
  --id-token-claims yes|no         put the claims of the scopes (email, name) in ID tokens as well
                                   as userinfo (default yes)
  --backchannel-logout-uri URI     where the provider posts a logout token when the person signs
                                   out (OpenID Connect Back-Channel Logout 1.0)
  --device                         the app may use the device flow (RFC 8628): a CLI or TV shows a
                                   code that the person enters at /device on their phone
  --logo-uri URI                   the app's logo, shown on sign-in, consent and "Your apps"
  --launch-uri URI                 where people open the app: "Your apps" on the account page links
                                   to it, also before their first sign-in. Both: https (http only on
                                   localhost/127.0.0.1/[::1]), no fragment
  --json                           print {"client_id": ..., "client_secret": ...} and nothing else

The client_secret is shown only once; it is not printed by \`idp clients list\`.
A new secret can be issued with \`idp clients rotate-secret\`.`,
  async run(args, { openStore, out, err, randomBytes, now }) {
    const parsed = parseCommandArgs(args, {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      public: { type: 'boolean' },
      'first-party': { type: 'boolean' },
      'id-token-alg': { type: 'string' },
      pkce: { type: 'string' },
      'id-token-claims': { type: 'string' },
      'backchannel-logout-uri': { type: 'string' },
      device: { type: 'boolean' },
      'logo-uri': { type: 'string' },
      'launch-uri': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (flag(parsed, 'help')) return printUsage(this, out);
    return asCommand(err, async () => {
      const request = {
        name: stringOption(parsed, 'name') ?? '',
        redirectUris: listOption(parsed, 'redirect-uri'),
        postLogoutRedirectUris: listOption(parsed, 'post-logout-redirect-uri'),
        isPublic: flag(parsed, 'public'),
        firstParty: flag(parsed, 'first-party'),
        idTokenSigningAlg: oneOf<IdTokenAlg>(parsed, 'id-token-alg', ID_TOKEN_ALGS) ?? null,
        pkce: oneOf<PkcePolicy>(parsed, 'pkce', PKCE_POLICIES),
        idTokenScopeClaims: yesNo(parsed, 'id-token-claims'),
        backchannelLogoutUri: stringOption(parsed, 'backchannel-logout-uri') ?? null,
        deviceFlow: flag(parsed, 'device'),
        logoUri: stringOption(parsed, 'logo-uri') ?? null,
        launchUri: stringOption(parsed, 'launch-uri') ?? null,
      };
      // Every setting is checked before the store is opened.
      newAppSettings(request);
      const registered = await registerApp(await openStore(), request, { randomBytes, now });
      printWarnings(err, registered.warnings);
      if (flag(parsed, 'json')) {
        out(`${JSON.stringify({ client_id: registered.clientId, client_secret: registered.clientSecret })}\n`);
        return EXIT_OK;
      }
      out(`Registered ${request.isPublic ? 'public' : 'confidential'} client "${registered.app.name}".\n`);
      out(`client_id:     ${registered.clientId}\n`);
      if (registered.clientSecret) {
        out(`client_secret: ${registered.clientSecret}\n`);
        out('Keep the secret in the app\'s configuration now: it will not be shown again.\n');
      } else {
        out('No client_secret: the app must use PKCE (S256).\n');
      }
      return EXIT_OK;
    });
  },
};

/** What `list --json` shows of an app: never its secret. */
function listEntry(app: AppSummary) {
  return {
    client_id: app.clientId,
    client_name: app.name || null,
    public: app.isPublic,
    first_party: app.firstParty,
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    pkce: app.isPublic ? 'required' : app.pkce,
    id_token_signed_response_alg: app.idTokenSigningAlg ?? ID_TOKEN_ALGS[0],
    id_token_scope_claims: app.idTokenScopeClaims,
    backchannel_logout_uri: app.backchannelLogoutUri,
    device_flow: app.deviceFlow,
    logo_uri: app.logoUri,
    launch_uri: app.launchUri,
    access_token_lifetime: app.accessTokenLifetime,
    refresh_token_lifetime: app.refreshTokenLifetime,
    created_at: app.createdAt?.toISOString() ?? null,
  };
}

function printApp(out: CliContext['out'], app: AppSummary): void {
  const traits = [
    app.isPublic ? 'public' : 'confidential',
    ...(app.firstParty ? ['first-party'] : []),
    app.pkce === 'optional' ? 'PKCE optional' : 'PKCE required',
    `ID token ${app.idTokenSigningAlg ?? ID_TOKEN_ALGS[0]}`,
    ...(app.idTokenScopeClaims ? [] : ['claims in userinfo only']),
    ...(app.deviceFlow ? ['device flow'] : []),
    ...(app.accessTokenLifetime ? [`access tokens ${app.accessTokenLifetime} s`] : []),
    ...(app.refreshTokenLifetime ? [`refresh tokens ${app.refreshTokenLifetime} s`] : []),
  ];
  out(`${app.clientId}  ${app.name || '(no name)'}  [${traits.join(', ')}]\n`);
  for (const uri of app.redirectUris) out(`    redirect:     ${uri}\n`);
  for (const uri of app.postLogoutRedirectUris) out(`    after logout: ${uri}\n`);
  if (app.backchannelLogoutUri) out(`    back-channel logout: ${app.backchannelLogoutUri}\n`);
  if (app.logoUri) out(`    logo:         ${app.logoUri}\n`);
  if (app.launchUri) out(`    launch:       ${app.launchUri}\n`);
}

const listClients: Command = {
  summary: 'list registered relying apps and their settings (without their secrets)',
  usage: `Usage: idp clients list [--json]

  --json   print one JSON array of clients and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const apps = await listApps(await openStore());
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(apps.map(listEntry))}\n`);
      return EXIT_OK;
    }
    if (apps.length === 0) out('No clients. Add one with `idp clients add`.\n');
    for (const app of apps) printApp(out, app);
    return EXIT_OK;
  },
};

/** A single URI option of `update`: `none` clears it (null), absent leaves it (undefined). */
function uriOrNone(parsed: ParsedArgs, option: string): string | null | undefined {
  const value = stringOption(parsed, option);
  return value === 'none' ? null : value;
}

/** `none` clears a URI list or the back-channel URI; `default` the algorithm. */
function uriList(parsed: ParsedArgs, option: string): string[] | undefined {
  const uris = listOption(parsed, option);
  if (uris.length === 0) return undefined;
  return uris.length === 1 && uris[0] === 'none' ? [] : uris;
}

const updateClient: Command = {
  summary: 'change a relying app\'s settings; its client_id and secret stay',
  usage: `Usage: idp clients update CLIENT_ID [--name NAME] [--redirect-uri URI ...]
                       [--post-logout-redirect-uri URI ... | none] [--first-party yes|no]
                       [--id-token-alg ${ID_TOKEN_ALGS.join('|')}|default] [--pkce required|optional]
                       [--id-token-claims yes|no] [--backchannel-logout-uri URI|none]
                       [--device yes|no] [--access-token-lifetime DURATION|default]
                       [--refresh-token-lifetime DURATION|default]
                       [--logo-uri URI|none] [--launch-uri URI|none] [--json]

Only the settings given change. A list option replaces the whole registered list (give every URI
the app uses); \`none\` empties it. The same rules apply as for \`idp clients add\`.
Whether an app is public cannot change: register a new app instead.

  --access-token-lifetime 15m      how long the app's access tokens live (1m to 24h; default 1h)
  --refresh-token-lifetime 30d     how long its refresh tokens live (5m to 90d; default 14d)
  --logo-uri URI|none              the app's logo on sign-in, consent and "Your apps"
  --launch-uri URI|none            where people open the app, linked from "Your apps"
  --json   print the app's settings as JSON, as \`idp clients list --json\` does`,
  async run(args, { openStore, out, err }) {
    const parsed = parseCommandArgs(args, {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      'first-party': { type: 'string' },
      'id-token-alg': { type: 'string' },
      pkce: { type: 'string' },
      'id-token-claims': { type: 'string' },
      'backchannel-logout-uri': { type: 'string' },
      device: { type: 'string' },
      'access-token-lifetime': { type: 'string' },
      'refresh-token-lifetime': { type: 'string' },
      'logo-uri': { type: 'string' },
      'launch-uri': { type: 'string' },
      json: { type: 'boolean' },
    }, ['client_id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [clientId] = parsed.positionals as [string];
    const alg = oneOf(parsed, 'id-token-alg', [...ID_TOKEN_ALGS, 'default'] as const);
    const backchannel = uriOrNone(parsed, 'backchannel-logout-uri');
    const changes: AppChanges = {
      name: stringOption(parsed, 'name'),
      redirectUris: uriList(parsed, 'redirect-uri'),
      postLogoutRedirectUris: uriList(parsed, 'post-logout-redirect-uri'),
      firstParty: yesNo(parsed, 'first-party'),
      idTokenSigningAlg: alg === undefined ? undefined : alg === 'default' ? null : alg,
      pkce: oneOf<PkcePolicy>(parsed, 'pkce', PKCE_POLICIES),
      idTokenScopeClaims: yesNo(parsed, 'id-token-claims'),
      backchannelLogoutUri: backchannel,
      deviceFlow: yesNo(parsed, 'device'),
      accessTokenLifetime: lifetimeOption(parsed, 'access-token-lifetime', LIFETIME_LIMITS.accessTokenLifetime),
      refreshTokenLifetime: lifetimeOption(parsed, 'refresh-token-lifetime', LIFETIME_LIMITS.refreshTokenLifetime),
      logoUri: uriOrNone(parsed, 'logo-uri'),
      launchUri: uriOrNone(parsed, 'launch-uri'),
    };
    if (Object.values(changes).every((value) => value === undefined)) throw new UsageError('nothing to change: give at least one setting');
    return asCommand(err, async () => {
      const { app, warnings } = await updateApp(await openStore(), clientId, changes);
      printWarnings(err, warnings);
      if (flag(parsed, 'json')) out(`${JSON.stringify(listEntry(app))}\n`);
      else {
        out(`Updated client "${app.name}".\n`);
        printApp(out, app);
      }
      return EXIT_OK;
    });
  },
};

const rotateSecret: Command = {
  summary: 'give a confidential app a new client_secret (the old one stops working)',
  usage: `Usage: idp clients rotate-secret CLIENT_ID [--json]

Prints the new client_secret once. The old secret stops working at once: put the new one in the
app's configuration right away. Tokens already issued to the app keep working until they expire.

  --json   print {"client_id": ..., "client_secret": ...} and nothing else`,
  async run(args, { openStore, out, err, randomBytes }) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } }, ['client_id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const [clientId] = parsed.positionals as [string];
    return asCommand(err, async () => {
      const clientSecret = await rotateAppSecret(await openStore(), clientId, { randomBytes });
      if (flag(parsed, 'json')) out(`${JSON.stringify({ client_id: clientId, client_secret: clientSecret })}\n`);
      else {
        out(`client_secret: ${clientSecret}\n`);
        out('The previous secret no longer works. Keep this one in the app\'s configuration now: it will not be shown again.\n');
      }
      return EXIT_OK;
    });
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
    return asCommand(err, async () => {
      await removeApp(await openStore(), clientId);
      out(`Removed client ${clientId}.\n`);
      return EXIT_OK;
    });
  },
};

export const clientCommands: CommandGroup = {
  summary: 'relying apps (OpenID Connect clients)',
  commands: {
    add: addClient, list: listClients, update: updateClient, 'rotate-secret': rotateSecret, remove: removeClient, access: clientAccessCommand,
  },
};
