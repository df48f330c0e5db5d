/**
 * A relying party over a real in-memory store, a clock the test moves, and a memory logger:
 * everything the ceremony functions need, plus shortcuts to make people and their passkeys.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sessionBinding } from '../../src/ceremonies/bindings.js';
import { createMemoryLogger } from '../../src/log.js';
import { PasskeyError, type PasskeyErrorCode } from '../../src/passkeys/errors.js';
import { finishRegistration } from '../../src/passkeys/finishRegistration.js';
import { relyingPartyFor, type PasskeyDeps } from '../../src/passkeys/relyingParty.js';
import { saveCredential } from '../../src/passkeys/saveCredential.js';
import { startRegistration } from '../../src/passkeys/startRegistration.js';
import { openStore } from '../../src/store/open.js';
import type { Credential, Person, Store } from '../../src/store/ports.js';
import type { SoftAuthenticator } from '../support/softAuthenticator.js';

export const ISSUER = 'https://id.example.test';
export const ORIGIN = 'https://id.example.test';
export const RP_ID = 'id.example.test';

export interface PasskeyFixture {
  deps: PasskeyDeps;
  store: Store;
  log: ReturnType<typeof createMemoryLogger>;
  /** Moves the clock the ceremonies and the store share. */
  advance(ms: number): void;
  createPerson(email?: string): Promise<Person>;
  /** A full registration ceremony for `person` on `authenticator`, stored. */
  registerPasskey(person: Person, authenticator: SoftAuthenticator): Promise<Credential>;
  close(): Promise<void>;
}

export async function createPasskeyFixture(): Promise<PasskeyFixture> {
  let time = Date.now();
  const now = () => time;
  const store = await openStore('sqlite::memory:', { now });
  const log = createMemoryLogger();
  const deps: PasskeyDeps = { store, rp: relyingPartyFor(ISSUER, 'Example ID'), now, log };

  return {
    deps,
    store,
    log,
    advance(ms) {
      time += ms;
    },
    createPerson(email = `${randomUUID()}@example.test`) {
      return store.people.insert({
        id: randomUUID(),
        webauthnUserId: randomBytes(32).toString('base64url'),
        email,
        emailVerified: true,
        name: null,
      });
    },
    async registerPasskey(person, authenticator) {
      const binding = sessionBinding({ uid: randomUUID() });
      const options = await startRegistration(deps, { kind: 'new-passkey', binding, user: person, personId: person.id, state: {} });
      const response = authenticator.createCredential(options, { origin: ORIGIN });
      const { credential } = await finishRegistration(deps, { kind: 'new-passkey', binding, response, createdIn: 'Chrome on Linux' });
      return saveCredential(deps, credential);
    },
    close: () => store.close(),
  };
}

/** Resolves when `promise` rejects with a PasskeyError of `code`; fails the test otherwise. */
export async function expectRefusal(promise: Promise<unknown>, code: PasskeyErrorCode): Promise<PasskeyError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a refusal with ${code}, but it succeeded`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PasskeyError);
  expect((error as PasskeyError).code).toBe(code);
  return error as PasskeyError;
}
