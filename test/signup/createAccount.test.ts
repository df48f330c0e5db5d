import { createAccount } from '../../src/access/createAccount.js';
import { openStore } from '../../src/store/open.js';
import type { NewCredential, Store } from '../../src/store/ports.js';

describe('creating an account with its first passkey', () => {
  let store: Store;
  const credential: Omit<NewCredential, 'personId'> = {
    id: 'credential-1', publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports: ['internal'],
    backupEligible: true, backedUp: true, aaguid: '00000000-0000-0000-0000-000000000000', name: 'Passkey', createdIn: null,
  };
  const person = (n: number) => ({ id: `sub-${n}`, webauthnUserId: `handle-${n}`, email: `p${n}@example.com`, emailVerified: true, name: null });

  beforeEach(async () => { store = await openStore('sqlite::memory:'); });
  afterEach(() => store.close());

  it('binds the passkey to the new person', async () => {
    const created = await createAccount(store, person(1), credential);
    expect((await store.credentials.findById('credential-1'))?.personId).toBe(created.person.id);
  });

  it('leaves no account behind when the passkey is already registered to someone else', async () => {
    await createAccount(store, person(1), credential);
    await expect(createAccount(store, person(2), credential)).rejects.toMatchObject({ code: 'credential_taken' });
    expect(await store.people.findByEmail('p2@example.com')).toBeNull();
    expect((await store.credentials.findById('credential-1'))?.personId).toBe('sub-1');
  });
});
