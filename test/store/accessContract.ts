/**
 * The storage contract for who may get in (src/access/): administrators, disabled accounts,
 * profile and custom claims on people, groups and memberships, invitations, per-app access.
 * Part of the one contract suite (contract.ts), so every engine runs it.
 */
import { DuplicateError, type NewInvitation, type NewPerson, type Store } from '../../src/store/ports.js';

const MINUTE = 60_000;
const CONCURRENCY = 50;

export interface AccessContractContext {
  store: () => Store;
  /** Moves the store's clock forward. */
  advance: (ms: number) => void;
}

export function describeAccessContract({ store: current, advance }: AccessContractContext): void {
  let sequence = 0;
  const person = (overrides: Partial<NewPerson> = {}): NewPerson => {
    sequence += 1;
    return { id: `member-${sequence}`, webauthnUserId: `member-handle-${sequence}`, email: `member${sequence}@example.com`, emailVerified: true, name: null, ...overrides };
  };
  const group = (name: string, overrides: { isDefault?: boolean } = {}) => {
    sequence += 1;
    return { id: `group-${sequence}`, name, description: null, isDefault: overrides.isDefault ?? false };
  };
  const invitation = (overrides: Partial<NewInvitation> = {}): NewInvitation => {
    sequence += 1;
    return {
      id: `invitation-${sequence}`, tokenHash: `hash-${sequence}`, email: `invited${sequence}@example.com`, groupIds: [],
      isAdmin: false, createdBy: null, expiresAt: new Date(Date.UTC(2030, 0, 1, 12) + 60 * MINUTE), ...overrides,
    };
  };

  describe('people: administrators, disabled accounts, profile and custom claims', () => {
    it('keeps the admin flag, the disabled time, profile claims and custom claims', async () => {
      const store = current();
      const { id } = await store.people.insert(person({ isAdmin: true, givenName: 'Ada', locale: 'en-GB' }));
      expect(await store.people.findById(id)).toMatchObject({ isAdmin: true, givenName: 'Ada', locale: 'en-GB', familyName: null, disabledAt: null });
      const disabledAt = new Date(Date.UTC(2030, 0, 2));
      const claims = { 'https://example.com/roles': ['editor'], 'odd.$name': { nested: [1, true, null] } };
      const updated = await store.people.update(id, {
        isAdmin: false, disabledAt, familyName: 'Lovelace', preferredUsername: 'ada', picture: 'https://example.com/ada.png', claims,
      });
      expect(updated).toMatchObject({ isAdmin: false, disabledAt, familyName: 'Lovelace', preferredUsername: 'ada', picture: 'https://example.com/ada.png', claims });
      expect(await store.people.findById(id)).toEqual(updated);
      expect(await store.people.update(id, { disabledAt: null })).toMatchObject({ disabledAt: null });
    });

    it('moves updatedAt when what apps receive changes, not when the admin flag or disabling does', async () => {
      const store = current();
      const { id, updatedAt } = await store.people.insert(person());
      advance(MINUTE);
      expect((await store.people.update(id, { isAdmin: true, disabledAt: new Date() }))?.updatedAt).toEqual(updatedAt);
      expect((await store.people.update(id, { givenName: 'Ada' }))?.updatedAt.getTime()).toBe(updatedAt.getTime() + MINUTE);
      advance(MINUTE);
      expect((await store.people.update(id, { claims: { team: 'a' } }))?.updatedAt.getTime()).toBe(updatedAt.getTime() + 2 * MINUTE);
    });
  });

  describe('groups', () => {
    it('finds groups by id and by name, lists them by name, and refuses a second group of one name', async () => {
      const store = current();
      const family = await store.groups.insert(group('family', { isDefault: true }));
      await store.groups.insert(group('admins'));
      expect(family).toMatchObject({ name: 'family', isDefault: true, description: null, claims: {}, createdAt: expect.any(Date) });
      expect(await store.groups.findById(family.id)).toEqual(family);
      expect(await store.groups.findByName('family')).toEqual(family);
      expect(await store.groups.findByName('nobody')).toBeNull();
      expect((await store.groups.list()).map((g) => g.name)).toEqual(['admins', 'family']);
      await expect(store.groups.insert(group('family'))).rejects.toBeInstanceOf(DuplicateError);
    });

    it('lets exactly one of concurrent creators take a name', async () => {
      const store = current();
      const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, () => store.groups.insert(group('race'))));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((result) => result.status === 'rejected').every((result) => (result as PromiseRejectedResult).reason instanceof DuplicateError)).toBe(true);
    });

    it('updates description, default and claims', async () => {
      const store = current();
      const { id } = await store.groups.insert(group('team'));
      const claims = { quota: 100, 'a.b': { $c: 'd' } };
      expect(await store.groups.update(id, { description: 'The team', isDefault: true, claims })).toMatchObject({ description: 'The team', isDefault: true, claims });
      expect(await store.groups.findById(id)).toMatchObject({ claims });
      expect(await store.groups.update('absent', { isDefault: true })).toBeNull();
    });

    it('adds a member once, lists members and a person’s groups, and removes a member', async () => {
      const store = current();
      const ada = await store.people.insert(person());
      const bob = await store.people.insert(person());
      const family = await store.groups.insert(group('family'));
      const admins = await store.groups.insert(group('admins'));
      expect(await store.groups.addMember(family.id, ada.id)).toBe(true);
      expect(await store.groups.addMember(family.id, ada.id)).toBe(false);
      advance(1000);
      expect(await store.groups.addMember(family.id, bob.id)).toBe(true);
      expect(await store.groups.addMember(admins.id, ada.id)).toBe(true);
      expect(await store.groups.listMembers(family.id)).toEqual([ada.id, bob.id]);
      expect((await store.groups.listByPerson(ada.id)).map((g) => g.name)).toEqual(['admins', 'family']);
      expect(await store.groups.removeMember(family.id, ada.id)).toBe(true);
      expect(await store.groups.removeMember(family.id, ada.id)).toBe(false);
      expect((await store.groups.listByPerson(ada.id)).map((g) => g.name)).toEqual(['admins']);
      expect(await store.groups.listByPerson('nobody')).toEqual([]);
    });

    it('counts a membership added by many at once exactly once', async () => {
      const store = current();
      const ada = await store.people.insert(person());
      const family = await store.groups.insert(group('family'));
      const added = await Promise.all(Array.from({ length: CONCURRENCY }, () => store.groups.addMember(family.id, ada.id)));
      expect(added.filter(Boolean)).toHaveLength(1);
      expect(await store.groups.listMembers(family.id)).toEqual([ada.id]);
    });

    it('removes a group with its memberships, and a person’s memberships with the person', async () => {
      const store = current();
      const ada = await store.people.insert(person());
      const bob = await store.people.insert(person());
      const family = await store.groups.insert(group('family'));
      const staying = await store.groups.insert(group('staying'));
      await store.groups.addMember(family.id, ada.id);
      await store.groups.addMember(staying.id, ada.id);
      await store.groups.addMember(staying.id, bob.id);
      expect(await store.groups.remove(family.id)).toBe(true);
      expect(await store.groups.remove(family.id)).toBe(false);
      expect(await store.groups.findByName('family')).toBeNull();
      expect(await store.groups.listMembers(family.id)).toEqual([]);
      expect((await store.groups.listByPerson(ada.id)).map((g) => g.name)).toEqual(['staying']);
      // A new group of the same name does not inherit the old one's members.
      const again = await store.groups.insert(group('family'));
      expect(await store.groups.listMembers(again.id)).toEqual([]);
      await store.people.remove(ada.id);
      expect(await store.groups.listMembers(staying.id)).toEqual([bob.id]);
    });
  });

  describe('invitations', () => {
    it('finds a live invitation by its token hash and lists live ones, oldest first', async () => {
      const store = current();
      const first = await store.invitations.insert(invitation({ groupIds: ['g1', 'g2'], isAdmin: true, createdBy: 'admin-1' }));
      advance(1000);
      const second = await store.invitations.insert(invitation());
      expect(first).toMatchObject({ groupIds: ['g1', 'g2'], isAdmin: true, createdBy: 'admin-1', createdAt: expect.any(Date) });
      expect(await store.invitations.findByTokenHash(first.tokenHash)).toEqual(first);
      expect(await store.invitations.findByTokenHash('unknown')).toBeNull();
      expect((await store.invitations.list()).map((i) => i.id)).toEqual([first.id, second.id]);
    });

    it('refuses a second invitation with the same token hash', async () => {
      const store = current();
      await store.invitations.insert(invitation({ tokenHash: 'same' }));
      await expect(store.invitations.insert(invitation({ tokenHash: 'same' }))).rejects.toBeInstanceOf(DuplicateError);
    });

    it('never returns an expired invitation, swept or not', async () => {
      const store = current();
      const { tokenHash, expiresAt } = await store.invitations.insert(invitation());
      const other = await store.invitations.insert(invitation());
      advance(expiresAt.getTime() - Date.UTC(2030, 0, 1, 12));
      expect(await store.invitations.findByTokenHash(tokenHash)).toBeNull();
      expect(await store.invitations.list()).toEqual([]);
      expect(await store.invitations.remove(other.id)).toBe(false);
      expect(await store.invitations.take(tokenHash)).toBeNull();
      await store.sweep();
      expect(await store.invitations.take(other.tokenHash)).toBeNull();
    });

    it(`redeems an invitation for exactly one of ${CONCURRENCY} concurrent redeemers`, async () => {
      const store = current();
      const { tokenHash, id } = await store.invitations.insert(invitation());
      const taken = await Promise.all(Array.from({ length: CONCURRENCY }, () => store.invitations.take(tokenHash)));
      expect(taken.filter((result) => result !== null)).toHaveLength(1);
      expect(taken.find((result) => result !== null)).toMatchObject({ id, tokenHash });
      expect(await store.invitations.findByTokenHash(tokenHash)).toBeNull();
      expect(await store.invitations.take(tokenHash)).toBeNull();
    });

    it('revokes an invitation: it can no longer be redeemed', async () => {
      const store = current();
      const { id, tokenHash } = await store.invitations.insert(invitation());
      expect(await store.invitations.remove(id)).toBe(true);
      expect(await store.invitations.remove(id)).toBe(false);
      expect(await store.invitations.take(tokenHash)).toBeNull();
    });
  });

  describe('app access', () => {
    it('keeps, replaces, lists and removes an app’s allowed groups and claims', async () => {
      const store = current();
      expect(await store.appAccess.find('app-1')).toBeNull();
      await store.appAccess.put({ clientId: 'app-1', allowedGroupIds: ['g1'], claims: ['roles'] });
      await store.appAccess.put({ clientId: 'app-2', allowedGroupIds: null, claims: [] });
      expect(await store.appAccess.find('app-1')).toEqual({ clientId: 'app-1', allowedGroupIds: ['g1'], claims: ['roles'] });
      await store.appAccess.put({ clientId: 'app-1', allowedGroupIds: [], claims: ['roles', 'quota'] });
      expect(await store.appAccess.find('app-1')).toEqual({ clientId: 'app-1', allowedGroupIds: [], claims: ['roles', 'quota'] });
      expect((await store.appAccess.list()).map((a) => a.clientId)).toEqual(['app-1', 'app-2']);
      expect(await store.appAccess.remove('app-1')).toBe(true);
      expect(await store.appAccess.remove('app-1')).toBe(false);
      expect(await store.appAccess.find('app-1')).toBeNull();
    });
  });
}
