/**
 * The storage contract for the audit trail (src/audit/). Part of the one contract suite
 * (contract.ts), so every engine runs it.
 */
import { newAuditId } from '../../src/audit/auditIds.js';
import { DuplicateError, type AuditEvent, type Store } from '../../src/store/ports.js';

const START = Date.UTC(2030, 0, 1, 12);
const DAY = 24 * 60 * 60_000;

export function describeAuditContract(current: () => Store): void {
  const event = (overrides: Partial<AuditEvent> = {}): AuditEvent => {
    const at = overrides.at ?? new Date(START);
    return {
      id: newAuditId(at.getTime()), at, type: 'sign_in', personId: 'p1', email: 'ada@example.com', clientId: null,
      ip: '203.0.113.7', browser: 'Chrome on Linux', actor: null, detail: {}, ...overrides,
    };
  };

  describe('audit trail', () => {
    it('keeps every field of an event, and lists an account’s events newest first', async () => {
      const store = current();
      const first = event({ at: new Date(START), detail: { reason: 'not_verified', nested: { list: [1, 'two', null, true] } }, clientId: 'app-1' });
      const second = event({ at: new Date(START + 1000), type: 'passkey_added' });
      const third = event({ at: new Date(START + 1000), type: 'passkey_renamed' });
      await store.audit.insert(first);
      await store.audit.insert(second);
      await store.audit.insert(third);
      await store.audit.insert(event({ personId: 'p2', email: 'bob@example.com' }));

      const listed = await store.audit.list({ personId: 'p1', limit: 10 });
      expect(listed.map((e) => e.type)).toEqual(['passkey_renamed', 'passkey_added', 'sign_in']);
      expect(listed[2]).toEqual(first);
      expect(await store.audit.list({ personId: 'p1', limit: 2 })).toHaveLength(2);
    });

    it('filters by address in any case, by types, by time, and by address and browser (null matches none recorded)', async () => {
      const store = current();
      await store.audit.insert(event({ type: 'sign_in', at: new Date(START) }));
      await store.audit.insert(event({ type: 'sign_in_failed', at: new Date(START + DAY), ip: '198.51.100.1' }));
      await store.audit.insert(event({ type: 'admin_action', at: new Date(START + 2 * DAY), personId: null, email: 'Bob@Example.com', browser: null, ip: null }));

      expect((await store.audit.list({ email: 'BOB@example.COM', limit: 10 })).map((e) => e.type)).toEqual(['admin_action']);
      expect((await store.audit.list({ email: 'bob@example.com', limit: 10 }))[0]!.email).toBe('bob@example.com');
      expect((await store.audit.list({ types: ['sign_in', 'admin_action'], limit: 10 })).map((e) => e.type)).toEqual(['admin_action', 'sign_in']);
      expect(await store.audit.list({ types: [], limit: 10 })).toEqual([]);
      expect((await store.audit.list({ since: new Date(START + DAY), limit: 10 })).map((e) => e.type)).toEqual(['admin_action', 'sign_in_failed']);
      expect((await store.audit.list({ personId: 'p1', ip: '203.0.113.7', browser: 'Chrome on Linux', limit: 10 })).map((e) => e.type)).toEqual(['sign_in']);
      expect((await store.audit.list({ personId: 'p1', ip: '203.0.113.7', browser: 'Firefox on Linux', limit: 10 }))).toEqual([]);
      expect((await store.audit.list({ browser: null, limit: 10 })).map((e) => e.type)).toEqual(['admin_action']);
    });

    it('refuses a second event with the same id', async () => {
      const store = current();
      const once = event();
      await store.audit.insert(once);
      await expect(store.audit.insert({ ...once, type: 'sign_up' })).rejects.toBeInstanceOf(DuplicateError);
      expect((await store.audit.list({ limit: 10 })).map((e) => e.type)).toEqual(['sign_in']);
    });

    it('keeps all of 50 events recorded at once', async () => {
      const store = current();
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.audit.insert(event({ detail: { i } }))));
      const listed = await store.audit.list({ personId: 'p1', limit: 100 });
      expect(listed.map((e) => e.detail.i).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('removes only events older than the retention, and says how many', async () => {
      const store = current();
      await store.audit.insert(event({ at: new Date(START - 100 * DAY), type: 'sign_up' }));
      await store.audit.insert(event({ at: new Date(START - 91 * DAY), type: 'sign_in' }));
      await store.audit.insert(event({ at: new Date(START - 90 * DAY), type: 'passkey_added' }));
      expect(await store.audit.removeBefore(new Date(START - 90 * DAY))).toBe(2);
      expect((await store.audit.list({ limit: 10 })).map((e) => e.type)).toEqual(['passkey_added']);
    });
  });
}
