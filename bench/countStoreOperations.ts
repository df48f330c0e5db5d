/**
 * A store that counts what is asked of it: every call of a port method is one operation, counted
 * as a read or a write by the method's name. Wraps any engine, so the figures mean the same thing
 * for SQLite and MongoDB: round trips the provider asks for, not statements an engine happens to run.
 * It also adds up the time each call holds the event loop before returning its promise: for SQLite
 * (synchronous) that is the whole query; for MongoDB only the driver's work before the network.
 */
import { performance } from 'node:perf_hooks';

import type { Store } from '../src/store/ports.js';

export type OperationCounts = Record<string, number>;

export interface CountedStore {
  store: Store;
  /** Calls so far, by `port.method` (e.g. `oidc.upsert:Session`, `credentials.recordUse`). */
  counts(): OperationCounts;
  /** Milliseconds the calls so far held the event loop, in all and by operation. */
  blockingMs(): number;
  blockingMsByOperation(): OperationCounts;
  /** The longest single call so far (ms) and what it was: a stall every request behind it waited for. */
  longestCall(): { operation: string; ms: number };
}

const ports = ['people', 'credentials', 'ceremonies', 'secrets', 'oidc', 'rateLimits', 'groups', 'invitations', 'appAccess', 'audit'] as const;

/** Methods that only look. Everything else changes the store (take and consume remove or mark). */
const reads = new Set(['find', 'findCeremony', 'findById', 'findByEmail', 'findByWebauthnUserId', 'findByUid', 'findByUserCode', 'list', 'listByPerson', 'count']);

export function isRead(operation: string): boolean {
  return reads.has(operation.split(':')[0]!.split('.')[1]!);
}

export function countStoreOperations(store: Store): CountedStore {
  const counts: OperationCounts = {};
  let blockingMs = 0;
  const blockingByOperation: OperationCounts = {};
  let longest = { operation: '', ms: 0 };
  const bump = (key: string) => { counts[key] = (counts[key] ?? 0) + 1; };

  const wrap = <T extends object>(portName: string, port: T): T => {
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(port, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        if (!wrapped.has(key)) {
          const method = String(key);
          // oidc-provider's models share one port; the model name says which record was touched.
          const ownModel = method.endsWith('Ceremony') ? 'Interaction' : method === 'recordActivity' ? 'Session' : null;
          const name = portName === 'oidc'
            ? (model: unknown) => `oidc.${method}:${ownModel ?? (typeof model === 'string' ? model : '*')}`
            : () => `${portName}.${method}`;
          wrapped.set(key, (...args: unknown[]) => {
            const operation = name(args[0]);
            bump(operation);
            const started = performance.now();
            try {
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            } finally {
              const held = performance.now() - started;
              blockingMs += held;
              blockingByOperation[operation] = (blockingByOperation[operation] ?? 0) + held;
              if (held > longest.ms) longest = { operation, ms: held };
            }
          });
        }
        return wrapped.get(key);
      },
    });
  };

  const [people, credentials, ceremonies, secrets, oidc, rateLimits, groups, invitations, appAccess, audit] = ports.map((portName) => wrap(portName, store[portName]));
  const counted: Store = {
    engine: store.engine,
    people: people as Store['people'],
    credentials: credentials as Store['credentials'],
    ceremonies: ceremonies as Store['ceremonies'],
    secrets: secrets as Store['secrets'],
    oidc: oidc as Store['oidc'],
    rateLimits: rateLimits as Store['rateLimits'],
    groups: groups as Store['groups'],
    invitations: invitations as Store['invitations'],
    appAccess: appAccess as Store['appAccess'],
    // Only the admin API reads API keys; no page or protocol step counted here does.
    apiKeys: store.apiKeys,
    audit: audit as Store['audit'],
    // The outbox worker runs beside the requests; its calls are not a request's work.
    outbox: store.outbox,
    ping: () => store.ping(),
    sweep: () => store.sweep(),
    close: () => store.close(),
  };
  return { store: counted, counts: () => ({ ...counts }), blockingMs: () => blockingMs, blockingMsByOperation: () => ({ ...blockingByOperation }),
    longestCall: () => {
      const reported = longest;
      longest = { operation: '', ms: 0 };
      return reported;
    },
  };
}
