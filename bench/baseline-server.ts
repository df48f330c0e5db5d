/**
 * The baseline: a bare oidc-provider of the same version, as its quick start runs it: the built-in
 * development login form (devInteractions), the built-in in-memory adapter and the default
 * findAccount. Configured only as far as needed for the same round trip as ours:
 * - the bench's two clients, static (code flow with an ES256 ID token; client_credentials);
 * - the same scopes and claims, an ES256 signing key and a cookie key;
 * - the same first-party policy as ours (loadExistingGrant grants what is asked, so no consent
 *   page), since the bench's app is first-party on our side too.
 * Listens on 127.0.0.1 and answers metrics over IPC like bench/provider.ts.
 * argv[2]: JSON { appClient, serviceClient, databaseUrl? } (see bench/run.ts). With `databaseUrl`,
 * the in-memory adapter is replaced by ours (src/oidc/adapter.ts over that store, counted): the
 * same bare provider, keeping its records where ours does, to tell the store's cost from the rest.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';

import { createOidcAdapter } from '../src/oidc/adapter.js';
import { openStore } from '../src/store/open.js';
import { countStoreOperations } from './countStoreOperations.js';
import { announceListening, answerMetricsRequests } from './serverMetrics.js';

interface BaselineOptions { appClient: ClientMetadata; serviceClient: ClientMetadata; databaseUrl?: string }

async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider, params } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  const grant = (grantId ? await provider.Grant.find(grantId) : undefined)
    ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(String(params?.scope ?? 'openid'));
  await grant.save();
  return grant;
}

async function main(): Promise<void> {
  const { appClient, serviceClient, databaseUrl } = JSON.parse(process.argv[2] ?? '{}') as BaselineOptions;
  const counted = databaseUrl ? countStoreOperations(await openStore(databaseUrl)) : null;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://localhost:${port}`;

  const signingKey = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'bench' };
  const provider = new Provider(issuer, {
    clients: [appClient, serviceClient],
    ...(counted ? { adapter: createOidcAdapter(counted.store.oidc) } : {}),
    jwks: { keys: [signingKey] } as never,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { clientCredentials: { enabled: true } },
    rotateRefreshToken: true,
    loadExistingGrant,
  });
  server.on('request', provider.callback());

  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => {
      void (counted?.store.close() ?? Promise.resolve()).finally(() => process.exit(0));
    });
  });
  answerMetricsRequests(counted ?? undefined);
  announceListening(issuer);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
