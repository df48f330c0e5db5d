/**
 * Ceremony kinds as types: each kind's binding, account and state are checked by the compiler (the
 * `@ts-expect-error` lines fail `npm run typecheck`, which `npm test` runs, if a wrong one compiles),
 * and its limits by startCeremony.
 */
import { interactionBinding, sessionBinding } from '../../src/ceremonies/bindings.js';
import { findCeremony, startCeremony, takeCeremony } from '../../src/ceremonies/ceremonies.js';
import { ceremonyLimits } from '../../src/ceremonies/kinds.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

let store: Store;
const NOW = Date.UTC(2026, 11, 1, 12);
beforeEach(async () => { store = await openStore('sqlite::memory:', { now: () => NOW }); });
afterEach(() => store.close());

describe('ceremony kinds', () => {
  it('give back the state a kind declares, and keep two kinds on one binding apart', async () => {
    const binding = interactionBinding('uid-1');
    await startCeremony(store, {
      kind: 'sign-up-passkey', binding, challenge: 'c1', personId: null,
      state: { id: 'p1', webauthnUserId: 'u1', email: 'ada@example.com', name: null }, now: NOW,
    });
    await startCeremony(store, { kind: 'new-passkey', binding, challenge: 'c2', personId: 'p1', state: {}, now: NOW });
    const signUp = await takeCeremony(store, 'sign-up-passkey', binding);
    expect(signUp?.state.email).toBe('ada@example.com');
    expect(await findCeremony(store, 'new-passkey', binding)).toMatchObject({ challenge: 'c2', personId: 'p1' });
    // The kind is the purpose the store keeps.
    expect(await store.ceremonies.find(binding, 'new-passkey')).not.toBeNull();
  });

  it('cap the lifetime a caller asks for at the kind\'s limit', async () => {
    const binding = 'recovery-link:h' as const;
    const asked = await startCeremony(store, {
      kind: 'recovery-link', binding, challenge: binding, personId: 'p1', state: { interactionUid: null }, now: NOW, lifetimeMs: 60 * 60_000,
    });
    expect(asked.expiresAt.getTime()).toBe(NOW + ceremonyLimits['recovery-link'].lifetimeMs);
    const shorter = await startCeremony(store, {
      kind: 'recovery-link', binding, challenge: binding, personId: 'p1', state: { interactionUid: null }, now: NOW, lifetimeMs: 60_000,
    });
    expect(shorter.expiresAt.getTime()).toBe(NOW + 60_000);
  });

  it('do not compile with a binding, account or state their kind does not declare', async () => {
    const wrong = async () => {
      // @ts-expect-error: a mailed sign-up code belongs to a sign-in page, not to the account page's session
      await startCeremony(store, { kind: 'sign-up-code', binding: sessionBinding({ uid: 's' }), challenge: 'c', personId: null, state: { email: 'a@b.c', name: null, proofId: 'x' }, now: NOW });
      // @ts-expect-error: a fresh verification is always for the signed-in account
      await startCeremony(store, { kind: 'fresh-verification', binding: sessionBinding({ uid: 's' }), challenge: 'c', personId: null, state: { allowCredentialIds: [] }, now: NOW });
      // @ts-expect-error: a recovery continuation carries backupEligible, not an address
      await startCeremony(store, { kind: 'recovery-continuation', binding: interactionBinding('u'), challenge: 'c', personId: 'p', state: { email: 'a@b.c' }, now: NOW });
      const link = await findCeremony(store, 'recovery-link', 'recovery-link:h');
      // @ts-expect-error: a recovery link's state has no email
      return link?.state.email;
    };
    expect(typeof wrong).toBe('function');
  });
});
