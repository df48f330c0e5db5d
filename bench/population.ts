/**
 * The people, apps and sessions the bench needs in the store, written through the store's own ports.
 * People get their passkey through the same ceremony code as a sign-up (startRegistration,
 * finishRegistration, createAccount), answered by the software authenticator, so the stored records
 * are exactly what a sign-up stores; only the HTTP round trips and the mailed code are left out.
 */
import { randomBytes } from 'node:crypto';

import { newIdentity } from '../src/access/newIdentity.js';
import { createAccount } from '../src/access/createAccount.js';
import { interactionBinding } from '../src/ceremonies/bindings.js';
import { buildClientMetadata } from '../src/clients/buildClientMetadata.js';
import { silentLogger } from '../src/log.js';
import { finishRegistration } from '../src/passkeys/finishRegistration.js';
import { relyingPartyFor } from '../src/passkeys/relyingParty.js';
import { startRegistration } from '../src/passkeys/startRegistration.js';
import type { OidcPayload, Store } from '../src/store/ports.js';
import { SoftAuthenticator } from '../test/support/softAuthenticator.js';
import type { AppClient } from './relyingApp.js';
import type { BenchPerson } from './signIn.js';

/** Runs `task` for 0..count-1, at most `width` at a time (a network store gains from overlap). */
export async function inParallel(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

/**
 * Signs `count` people up (one passkey each, ES256) and returns them with their authenticators. The
 * passkeys are synced ones (backed up, signature counter always 0), as a passkey manager's are; see
 * bench/signIn.ts.
 */
export async function signUpPeople(store: Store, count: number): Promise<BenchPerson[]> {
  // Credentials do not record the origin; the RP ID (the issuer's host, localhost) is what binds them.
  const passkeys = { store, rp: relyingPartyFor('http://localhost', 'Bench ID'), now: Date.now, log: silentLogger };
  const people: BenchPerson[] = new Array(count);
  await inParallel(count, 8, async (index) => {
    const email = `person${index}@bench.example`;
    const identity = newIdentity();
    const binding = interactionBinding(`bench-signup-${identity.id}`);
    const authenticator = new SoftAuthenticator({ backupEligible: true, backedUp: true });
    const options = await startRegistration(passkeys, {
      kind: 'sign-up-passkey', binding, user: { webauthnUserId: identity.webauthnUserId, email, name: null }, personId: null, state: { ...identity, email, name: null },
    });
    const response = authenticator.createCredential(options, { origin: passkeys.rp.origin, algorithm: -7 });
    const { credential } = await finishRegistration(passkeys, { kind: 'sign-up-passkey', binding, response, createdIn: 'Chrome on Linux' });
    await createAccount(store, { ...identity, email, emailVerified: true, name: `Person ${index}` }, credential);
    people[index] = { id: identity.id, email, authenticator };
  });
  return people;
}

export interface BenchClients { app: AppClient; service: { clientId: string; clientSecret: string } }

/**
 * The app people sign in to (first-party, as `idp clients add --id-token-alg ES256` makes it: the same
 * ID token algorithm as the baseline's, so both sign the same way) and a service using client_credentials.
 */
export async function registerClients(store: Store): Promise<{ clients: BenchClients; metadata: { app: OidcPayload; service: OidcPayload } }> {
  const redirectUri = 'https://app.example/callback';
  const built = buildClientMetadata({
    name: 'Bench App', redirectUris: [redirectUri], postLogoutRedirectUris: [], isPublic: false, firstParty: true, applicationType: 'web', idTokenSigningAlg: 'ES256',
  }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
  const serviceId = randomBytes(16).toString('base64url');
  const serviceSecret = randomBytes(32).toString('base64url');
  const service: OidcPayload = {
    client_id: serviceId,
    client_secret: serviceSecret,
    client_name: 'Bench Service',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  };
  await store.oidc.upsert('Client', built.clientId, built.metadata);
  await store.oidc.upsert('Client', serviceId, service);
  return {
    clients: { app: { clientId: built.clientId, clientSecret: built.clientSecret!, redirectUri }, service: { clientId: serviceId, clientSecret: serviceSecret } },
    metadata: { app: built.metadata, service },
  };
}

/**
 * Brings the live sessions up to `target` by copying a real session (and its grant) that a sign-in
 * of this run left in the store, each copy for one of the people with new ids. Returns how many were added.
 */
export async function topUpSessions(store: Store, people: BenchPerson[], target: number): Promise<number> {
  const missing = target - await store.oidc.count('Session');
  if (missing <= 0) return 0;
  const template = people.map((p) => p.id).slice(0, 50);
  let session: OidcPayload | undefined;
  for (const accountId of template) {
    session = (await store.oidc.list('Session', { accountId }))[0]?.payload;
    if (session) break;
  }
  if (!session) throw new Error('no session to copy: no sign-in has completed yet');
  const authorizations = session.authorizations as Record<string, { grantId?: string }>;
  const [clientId, authorization] = Object.entries(authorizations)[0]!;
  const grant = authorization.grantId ? await store.oidc.find('Grant', authorization.grantId) : null;
  if (!grant) throw new Error('the session to copy has no grant');

  const id = () => randomBytes(16).toString('base64url');
  const nowSeconds = Math.floor(Date.now() / 1000);
  const expiresIn = (Number(session.exp) - Number(session.iat)) || 14 * 24 * 3600;
  await inParallel(missing, 8, async (index) => {
    const accountId = people[index % people.length]!.id;
    const grantId = id();
    const times = { iat: nowSeconds, exp: nowSeconds + expiresIn };
    await store.oidc.upsert('Grant', grantId, { ...grant, ...times, jti: grantId, accountId }, expiresIn);
    const jti = id();
    await store.oidc.upsert('Session', jti, {
      ...session, ...times, jti, uid: id(), accountId, loginTs: nowSeconds,
      authorizations: { [clientId]: { ...authorization, sid: id(), grantId } },
    }, expiresIn);
  });
  return missing;
}
