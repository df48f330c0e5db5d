/**
 * `idp audit` and the administrative actions of the `idp` command in the audit trail, run in-process
 * against a real store (SQLite).
 */
import { userInfo } from 'node:os';

import { recordAudit } from '../../src/audit/recordAudit.js';
import { runCli } from '../../src/cli/run.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2030, 5, 1, 12);

describe('idp audit', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:', { now: () => NOW });
    await store.people.insert({ id: 'sub-ada', webauthnUserId: 'h-ada', email: 'ada@example.com', emailVerified: true, name: 'Ada' });
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
      now: () => new Date(NOW),
    });
    return { code, stdout, stderr };
  }

  const audit = (at: number, record: Parameters<typeof recordAudit>[1]) => recordAudit({ store, log: silentLogger, now: () => at }, record);

  it('records a command that changes something as an administrative action, with the account and who ran it', async () => {
    expect((await idp('users', 'disable', 'ada@example.com')).code).toBe(0);
    const [event, ...rest] = await store.audit.list({ limit: 10 });
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'admin_action', personId: 'sub-ada', email: 'ada@example.com', actor: `cli:${userInfo().username}`,
      detail: { command: 'users disable', arguments: ['ada@example.com'] },
    });
    expect(event!.at.getTime()).toBe(NOW);
  });

  it('records neither reading commands nor refused ones', async () => {
    expect((await idp('users', 'list')).code).toBe(0);
    expect((await idp('users', 'show', 'ada@example.com')).code).toBe(0);
    expect((await idp('users', 'disable', 'nobody@example.com')).code).not.toBe(0);
    expect((await idp('users', 'disable', '--bogus')).code).toBe(2);
    expect(await store.audit.list({ limit: 10 })).toEqual([]);
  });

  it('keeps the address of an account the command removed', async () => {
    expect((await idp('users', 'remove', 'ada@example.com')).code).toBe(0);
    const { stdout } = await idp('audit', '--email', 'ADA@example.com', '--json');
    expect(JSON.parse(stdout)).toMatchObject([{ type: 'admin_action', email: 'ada@example.com', detail: { command: 'users remove' } }]);
  });

  it('lists events newest first as JSON, filtered by address, type, time and number', async () => {
    await audit(NOW - 10 * DAY, { type: 'sign_up', personId: 'sub-ada', email: 'ada@example.com', origin: { ip: '203.0.113.7', browser: 'Chrome on Linux' } });
    await audit(NOW - 2 * DAY, { type: 'sign_in', personId: 'sub-ada', email: 'ada@example.com', clientId: 'app-1', origin: { ip: '203.0.113.7', browser: 'Chrome on Linux' } });
    await audit(NOW - DAY, { type: 'sign_in_failed', detail: { reason: 'unknown_credential' }, origin: { ip: '198.51.100.2', browser: null } });

    const all = await idp('audit', '--json');
    expect(all.code).toBe(0);
    const events = JSON.parse(all.stdout) as Array<Record<string, unknown>>;
    expect(events.map((event) => event.type)).toEqual(['sign_in_failed', 'sign_in', 'sign_up']);
    expect(events[1]).toMatchObject({
      at: new Date(NOW - 2 * DAY).toISOString(), sub: 'sub-ada', email: 'ada@example.com', client_id: 'app-1',
      ip: '203.0.113.7', browser: 'Chrome on Linux', actor: null, detail: {},
    });

    const typed = JSON.parse((await idp('audit', '--type', 'sign_in', '--type', 'sign_up', '--email', 'ada@example.com', '--json')).stdout) as unknown[];
    expect(typed).toHaveLength(2);
    expect(JSON.parse((await idp('audit', '--since', '3d', '--json')).stdout)).toHaveLength(2);
    expect(JSON.parse((await idp('audit', '--since', new Date(NOW - DAY).toISOString().slice(0, 10), '--json')).stdout)).toHaveLength(1);
    expect(JSON.parse((await idp('audit', '--limit', '1', '--json')).stdout)).toMatchObject([{ type: 'sign_in_failed' }]);

    const text = await idp('audit');
    expect(text.stdout).toMatch(/sign_in_failed .*reason="unknown_credential"/);
    expect(await store.audit.list({ limit: 10 })).toHaveLength(3);
  });

  it('refuses an unknown type, time or limit as wrong usage, naming the option', async () => {
    for (const args of [['--type', 'login'], ['--since', 'yesterday'], ['--limit', '0'], ['--limit', 'many']]) {
      const { code, stderr } = await idp('audit', ...args);
      expect(code).toBe(2);
      expect(stderr).toContain(args[0]);
    }
  });

  it('keeps the change when the audit trail cannot be written, and reports the whole event on stderr', async () => {
    store.audit.insert = async () => { throw new Error('disk full'); };
    const { code, stderr } = await idp('users', 'disable', 'ada@example.com');
    expect(code).toBe(0);
    expect((await store.people.findById('sub-ada'))!.disabledAt).not.toBeNull();
    // (These tests have no mail: stderr also says that no notice could be mailed.)
    const line = JSON.parse(stderr.trim().split('\n').find((text) => text.startsWith('{'))!) as { event: string };
    expect(line).toMatchObject({ event: 'audit.not_recorded' });
    expect(stderr).toContain('users disable');
  });
});
