/**
 * Reads that one oidc-provider request would otherwise make more than once, made once per request.
 * A token request asks the access rule (findAccount.ts) and then builds the ID token's claims
 * (src/access/claims.ts) from the same person, app access and groups; an authorization request
 * asks the access rule in its interaction policy (appAccessPrompt.ts) and oidc-provider then loads
 * the same person through findAccount. The token request's session is read by oidc-provider to
 * check the code is still bound to it, and again for `sid` (sessionIdClaim.ts).
 *
 * Each read is kept on the request's context (a WeakMap, so it goes with the request), never
 * between requests: a change made between authorization and token exchange (a person leaving an
 * app's allowed groups, a disabled account) is seen by the next request as before. Only the reads
 * listed here are kept, and only those of requests that do not change what they read.
 */
import type { AdapterPayload } from 'oidc-provider';

import type { Store } from '../store/ports.js';

type Memo = Map<string, Promise<unknown>>;
const MEMOS = new WeakMap<object, Memo>();

function once<T>(ctx: object, key: string, read: () => Promise<T>): Promise<T> {
  let memo = MEMOS.get(ctx);
  if (!memo) MEMOS.set(ctx, memo = new Map());
  if (!memo.has(key)) {
    const pending = read();
    memo.set(key, pending);
    // A failed read is not kept: the next caller asks the store again.
    pending.catch(() => memo.delete(key));
  }
  return memo.get(key) as Promise<T>;
}

/**
 * The store as request `ctx` reads it: a person by id, an app's access and a person's groups are
 * each read once; everything else is the store itself.
 */
export function readsOfRequest(store: Store, ctx: object): Store {
  return withOwnReads<Store>(store, {
    people: withOwnReads(store.people, { findById: (id: string) => once(ctx, `people:${id}`, () => store.people.findById(id)) }),
    appAccess: withOwnReads(store.appAccess, { find: (clientId: string) => once(ctx, `appAccess:${clientId}`, () => store.appAccess.find(clientId)) }),
    groups: withOwnReads(store.groups, { listByPerson: (personId: string) => once(ctx, `groups:${personId}`, () => store.groups.listByPerson(personId)) }),
  });
}

/** `port` with the members of `reads` in place of its own; its other methods are called on it. */
function withOwnReads<T extends object>(port: T, reads: Partial<T>): T {
  return new Proxy(port, {
    get(target, key) {
      if (Object.hasOwn(reads, key)) return reads[key as keyof T];
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const SESSIONS = new WeakMap<object, Map<string, AdapterPayload | undefined>>();

/** Remembers the Session record request `ctx` read by its uid (the adapter, for oidc-provider). */
export function rememberSessionRead(ctx: object, uid: string, payload: AdapterPayload | undefined): void {
  let sessions = SESSIONS.get(ctx);
  if (!sessions) SESSIONS.set(ctx, sessions = new Map());
  sessions.set(uid, payload);
}

/** Forgets what request `ctx` read of its sessions: it saved or removed one. */
export function forgetSessionReads(ctx: object): void {
  SESSIONS.delete(ctx);
}

/** The Session record request `ctx` already read by this uid, if it did. */
export function sessionReadBy(ctx: object, uid: string): { payload: AdapterPayload | undefined } | undefined {
  const sessions = SESSIONS.get(ctx);
  return sessions?.has(uid) ? { payload: sessions.get(uid) } : undefined;
}
