/**
 * A store that records every call made to it (`people.findByEmail`, `ceremonies.put`, …), for tests
 * that compare the work two requests do rather than how long they take.
 */
import type { Store } from '../../src/store/ports.js';

export interface CountingStore {
  store: Store;
  /** The calls since the last `take()`, in order, but those of the outbox worker (see below). */
  take(): string[];
}

/**
 * The outbox worker sends mail beside the requests, at its own pace (it also looks for due mail every
 * few moments): its claims and records of attempts are no request's work. Queuing a mail is.
 */
function byTheRequest(call: string): boolean {
  return !call.startsWith('outbox.') || call === 'outbox.enqueue';
}

export function countStoreCalls(store: Store): CountingStore {
  let calls: string[] = [];
  const ports = new Map<PropertyKey, object>();
  const wrap = (port: string, target: object) => new Proxy(target, {
    get(object, name) {
      const value = Reflect.get(object, name, object) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${port}.${String(name)}`);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
  const counted = new Proxy(store, {
    get(object, name) {
      const value = Reflect.get(object, name, object) as unknown;
      if (typeof value === 'function') return (value as (...a: unknown[]) => unknown).bind(object);
      if (value && typeof value === 'object') {
        if (!ports.has(name)) ports.set(name, wrap(String(name), value));
        return ports.get(name);
      }
      return value;
    },
  });
  return {
    store: counted,
    take() {
      const taken = calls;
      calls = [];
      return taken.filter(byTheRequest);
    },
  };
}
