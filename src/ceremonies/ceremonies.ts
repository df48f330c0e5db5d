/**
 * Starting, reading and finishing a ceremony of a kind of ./kinds.ts. The binding and the state are
 * typed by the kind, and the lifetime is capped by its limits; the store keeps the kind as the
 * ceremony's purpose. This is the only place that turns a stored ceremony back into a typed one.
 */
import type { Store } from '../store/ports.js';
import { ceremonyLimits, type CeremonyKind, type CeremonyKinds } from './kinds.js';

export interface Ceremony<K extends CeremonyKind> {
  kind: K;
  binding: CeremonyKinds[K]['binding'];
  /** base64url WebAuthn challenge, or the hash of a mailed code or token. */
  challenge: string;
  /** The account the ceremony was started for, when its kind has one. */
  personId: CeremonyKinds[K]['personId'];
  state: CeremonyKinds[K]['state'];
  expiresAt: Date;
}

export interface NewCeremony<K extends CeremonyKind> extends Omit<Ceremony<K>, 'expiresAt'> {
  now: number;
  /** Shorter than the kind's lifetime, when a setting says so. */
  lifetimeMs?: number;
}

type CeremonyStore = Pick<Store, 'ceremonies'>;

/** Starts (or replaces) the ceremony of this kind on its binding. */
export async function startCeremony<K extends CeremonyKind>({ ceremonies }: CeremonyStore, ceremony: NewCeremony<K>): Promise<Ceremony<K>> {
  const { now, lifetimeMs, ...held } = ceremony;
  const { lifetimeMs: longest } = ceremonyLimits[ceremony.kind];
  const started: Ceremony<K> = { ...held, expiresAt: new Date(now + Math.min(lifetimeMs ?? longest, longest)) };
  await ceremonies.put({
    binding: started.binding,
    purpose: started.kind,
    challenge: started.challenge,
    personId: started.personId,
    state: started.state,
    expiresAt: started.expiresAt,
  });
  return started;
}

/** The live ceremony of this kind on `binding`, without using it up (for multi-step flows). */
export async function findCeremony<K extends CeremonyKind>({ ceremonies }: CeremonyStore, kind: K, binding: CeremonyKinds[K]['binding']): Promise<Ceremony<K> | null> {
  return typed(kind, await ceremonies.find(binding, kind));
}

/** Uses the ceremony up: of concurrent takers exactly one gets it; expired or absent: null. */
export async function takeCeremony<K extends CeremonyKind>({ ceremonies }: CeremonyStore, kind: K, binding: CeremonyKinds[K]['binding']): Promise<Ceremony<K> | null> {
  return typed(kind, await ceremonies.take(binding, kind));
}

function typed<K extends CeremonyKind>(kind: K, stored: Awaited<ReturnType<Store['ceremonies']['find']>>): Ceremony<K> | null {
  if (!stored) return null;
  // The state was written by startCeremony for this same kind (the kind is the stored purpose).
  return {
    kind,
    binding: stored.binding as CeremonyKinds[K]['binding'],
    challenge: stored.challenge,
    personId: stored.personId as CeremonyKinds[K]['personId'],
    state: stored.state as CeremonyKinds[K]['state'],
    expiresAt: stored.expiresAt,
  };
}
