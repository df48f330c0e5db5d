/**
 * There is always an active administrator (src/access/administrators.ts): over the admin API, an
 * administrator cannot disable or remove their own account, and of two administrators disabling
 * each other with many requests at once, one stays. The same tests run on SQLite
 * (lastAdministrator.test.ts) and on the Mongo engine (lastAdministratorMongo.test.ts).
 */
import { randomBytes } from 'node:crypto';

import { createApiKey } from '../../src/admin/apiKeys.js';
import type { Person, Store } from '../../src/store/ports.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { createApiClient } from './apiClient.js';

export function lastAdministratorTests(openTestStore: () => Promise<Store>): void {
  let store: Store;
  let provider: TestProvider;
  let client: ReturnType<typeof createApiClient>;
  let counter = 0;

  beforeAll(async () => {
    store = await openTestStore();
    provider = await startTestProvider({ store });
    client = createApiClient(provider.origin, () => { throw new Error('each call names its key'); });
  }, 120_000);
  afterAll(async () => {
    await provider?.close();
    await store?.close();
  });

  /** `count` administrators, the only active ones, each with a read-write API key of their own. */
  async function onlyAdministrators(count: number): Promise<Array<{ person: Person; key: string }>> {
    for (const person of await store.people.list()) if (person.isAdmin) await store.people.update(person.id, { isAdmin: false });
    return Promise.all(Array.from({ length: count }, async () => {
      const id = `admin-${counter += 1}`;
      const person = await store.people.insert({ id, webauthnUserId: `h-${id}`, email: `${id}@example.com`, emailVerified: true, name: null, isAdmin: true });
      const { key } = await createApiKey({ store, now: Date.now, randomBytes }, { name: id, scope: 'read-write', createdBy: id, expiresIn: '90d' });
      return { person, key };
    }));
  }

  const activeAdministrators = async () => (await store.people.list()).filter((person) => person.isAdmin && person.disabledAt === null).map((person) => person.id);

  it('refuses an administrator disabling or removing their own account, with nothing changed', async () => {
    const [me] = await onlyAdministrators(2);
    const disabling = await client.call('PATCH', `/people/${me!.person.id}`, { key: me!.key, body: { disabled: true } });
    const removing = await client.call('DELETE', `/people/${me!.person.id}`, { key: me!.key });
    for (const refused of [disabling, removing]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'own_account', detail: expect.stringContaining('signed in with') });
    }
    expect(await store.people.findById(me!.person.id)).toMatchObject({ isAdmin: true, disabledAt: null });
  });

  it('lets one of two administrators disable the other, who is then no longer active', async () => {
    const [first, second] = await onlyAdministrators(2);
    expect((await client.call('PATCH', `/people/${second!.person.id}`, { key: first!.key, body: { disabled: true } })).status).toBe(200);
    expect(await activeAdministrators()).toEqual([first!.person.id]);
  });

  it('keeps one of two administrators who disable each other with 50 requests at once', async () => {
    const [a, b] = await onlyAdministrators(2);
    const answers = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const [actor, target] = i % 2 ? [a!, b!] : [b!, a!];
      return { target, ...await client.call('PATCH', `/people/${target.person.id}`, { key: actor.key, body: { disabled: true } }) };
    }));
    const said = answers.map((answer) => `${answer.status} ${(answer.body as { code?: string } | null)?.code ?? ''}`.trim());
    // Refused as the last administrator, or because the key's maker was disabled meanwhile.
    expect(said.filter((answer) => !/^(200|409 last_administrator|401 api_key_invalid)$/.test(answer))).toEqual([]);
    expect(said.some((answer) => answer === '409 last_administrator' || answer === '401 api_key_invalid')).toBe(true);
    // Exactly one stays, and a change answered 200 is in the store: none is undone after its answer.
    const stays = await activeAdministrators();
    expect(stays).toHaveLength(1);
    for (const answer of answers.filter(({ status }) => status === 200)) {
      expect(stays).not.toContain(answer.target.person.id);
      expect((await store.people.findById(answer.target.person.id))?.disabledAt).not.toBeNull();
    }
  }, 120_000);
}
