/**
 * `idp api-keys create|list|revoke`, in-process against a real store, and the key it prints
 * checked by the same service the admin API authenticates with.
 */
import { authenticateApiKey, hashApiKeySecret } from '../../src/admin/apiKeys.js';
import { runCli } from '../../src/cli/run.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

const NOW = Date.UTC(2030, 0, 1, 12);
const DAY = 86_400_000;

describe('idp api-keys', () => {
  let store: Store;
  let time: number;

  beforeEach(async () => {
    time = NOW;
    store = await openStore('sqlite::memory:', { now: () => time });
  });
  afterEach(async () => {
    await store.close();
  });

  async function idp(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => store,
      openMail: async () => { throw new Error('no mail in these tests'); },
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
      now: () => new Date(time),
    });
    return { code, stdout, stderr };
  }

  it('creates a read-write key shown once, kept only as a hash, that authenticates until it expires', async () => {
    const { code, stdout } = await idp('api-keys', 'create', '--name', 'terraform', '--expires', '90d', '--json');
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as { id: string; key: string; scope: string; expires_at: string };
    expect(created.scope).toBe('read-write');
    expect(created.key).toMatch(/^idpk_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(created.expires_at).toBe(new Date(NOW + 90 * DAY).toISOString());
    const stored = await store.apiKeys.findById(created.id);
    expect(stored?.secretHash).toBe(hashApiKeySecret(created.key.slice(-43)));
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(-43));
    expect((await authenticateApiKey({ store, now: () => time }, `Bearer ${created.key}`)).id).toBe(created.id);
    time = NOW + 90 * DAY;
    await expect(authenticateApiKey({ store, now: () => time }, `Bearer ${created.key}`)).rejects.toMatchObject({ code: 'api_key_invalid' });
  });

  it('makes a read-only key with --read-only, and lists keys with their last use but never the key', async () => {
    const created = JSON.parse((await idp('api-keys', 'create', '--name', 'audit export', '--read-only', '--json')).stdout) as { id: string; key: string };
    time += 5_000;
    await authenticateApiKey({ store, now: () => time }, `Bearer ${created.key}`);
    const { code, stdout } = await idp('api-keys', 'list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({
      id: created.id, name: 'audit export', scope: 'read-only', last_used_at: new Date(NOW + 5_000).toISOString(),
    })]);
    expect(stdout).not.toContain(created.key.slice(-43));
  });

  it('revokes a key: it stops working at once', async () => {
    const created = JSON.parse((await idp('api-keys', 'create', '--name', 'ci', '--json')).stdout) as { id: string; key: string };
    expect((await idp('api-keys', 'revoke', created.id)).code).toBe(0);
    await expect(authenticateApiKey({ store, now: () => time }, `Bearer ${created.key}`)).rejects.toMatchObject({ code: 'api_key_invalid' });
    const again = await idp('api-keys', 'revoke', created.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no API key with that id/);
  });

  it('refuses a missing name, a lifetime over 365 days and an empty name, writing nothing', async () => {
    expect((await idp('api-keys', 'create')).code).toBe(2);
    const tooLong = await idp('api-keys', 'create', '--name', 'x', '--expires', '400d');
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/at most 365 days/);
    expect((await idp('api-keys', 'create', '--name', '  ')).code).toBe(2);
    expect(await store.apiKeys.list()).toEqual([]);
  });

  it('refuses a wrong secret for a known id, and a header that is not a bearer key', async () => {
    const created = JSON.parse((await idp('api-keys', 'create', '--name', 'ci', '--json')).stdout) as { id: string; key: string };
    const forged = `idpk_${created.id}_${'A'.repeat(43)}`;
    await expect(authenticateApiKey({ store, now: () => time }, `Bearer ${forged}`)).rejects.toMatchObject({ code: 'api_key_invalid' });
    await expect(authenticateApiKey({ store, now: () => time }, `Basic ${created.key}`)).rejects.toMatchObject({ code: 'api_key_missing' });
    await expect(authenticateApiKey({ store, now: () => time }, undefined)).rejects.toMatchObject({ code: 'api_key_missing' });
  });
});
