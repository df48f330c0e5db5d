/**
 * Another process holding the SQLite write lock (the `idp` command, a backup): the token endpoint
 * answers a clean 503 "try again" after a short wait, issues nothing, and works once the lock is gone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

import { registerClient, type RegisteredClient } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('a SQLite write lock held by another process', () => {
  let provider: TestProvider;
  let client: RegisteredClient;
  let filename: string;

  beforeAll(async () => {
    filename = join(mkdtempSync(join(tmpdir(), 'idp-lock-')), 'idp.db');
    provider = await startTestProvider({ settings: { databaseUrl: `sqlite:${filename}` } });
    client = await registerClient(provider.store, { extra: { grant_types: ['authorization_code', 'client_credentials'] } });
  });
  afterAll(() => provider.close());

  const grant = () => fetch(`${provider.origin}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });

  it('makes the token endpoint answer 503 with Retry-After, and issue tokens again once released', async () => {
    const other = new Database(filename);
    other.exec('BEGIN IMMEDIATE');
    try {
      const before = await provider.store.oidc.count('ClientCredentials');
      const [refused, health] = await Promise.all([grant(), fetch(`${provider.origin}/healthz`)]);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({ error: 'server_error' });
      expect(health.status).toBe(200);
      expect(await provider.store.oidc.count('ClientCredentials')).toBe(before);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const granted = await grant();
    expect(granted.status).toBe(200);
    expect((await granted.json()).access_token).toBeTruthy();
  });
});
