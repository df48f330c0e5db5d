/**
 * The store, measured: every call of every port is timed (`idp_store_operation_seconds`) and its
 * failures counted (`idp_store_errors_total`), and ceremonies started are counted by purpose. The
 * ports are wrapped, not changed: the engines know nothing of metrics.
 */
import type { Store } from '../store/ports.js';
import type { Metrics } from './metrics.js';

const PORTS = ['apiKeys', 'people', 'groups', 'invitations', 'appAccess', 'credentials', 'ceremonies', 'secrets', 'oidc', 'rateLimits', 'audit', 'outbox'] as const;

function measurePort<T extends object>(metrics: Metrics, port: string, target: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      if (!wrapped.has(key)) {
        const labels = { port, operation: key };
        wrapped.set(key, async (...args: unknown[]) => {
          if (port === 'ceremonies' && key === 'put') metrics.ceremoniesStarted.inc({ purpose: String((args[0] as { purpose?: unknown })?.purpose) });
          // The sign-in page's ceremony lives on its interaction record, written with it or replaced alone.
          const onInteraction = (key === 'upsert' && (args[4] as { ceremony?: unknown } | undefined)?.ceremony) || key === 'putCeremony';
          if (port === 'oidc' && onInteraction) metrics.ceremoniesStarted.inc({ purpose: 'passkey-sign-in' });
          const stop = metrics.storeDuration.startTimer(labels);
          try {
            // Looked up at each call, so that a method replaced on the port later is the one called.
            const method = Reflect.get(object, key, object) as (...a: unknown[]) => Promise<unknown>;
            return await method.apply(object, args);
          } catch (error) {
            metrics.storeErrors.inc(labels);
            throw error;
          } finally {
            stop();
          }
        });
      }
      return wrapped.get(key);
    },
  });
}

export function measureStore(store: Store, metrics: Metrics): Store {
  const ports = Object.fromEntries(PORTS.map((port) => [port, measurePort(metrics, port, store[port])]));
  return {
    ...(ports as Pick<Store, (typeof PORTS)[number]>),
    engine: store.engine,
    ping: () => store.ping(),
    sweep: () => store.sweep(),
    close: () => store.close(),
  };
}
