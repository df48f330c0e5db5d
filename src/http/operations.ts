/**
 * Probes for orchestrators: /healthz says the process serves requests; /readyz says the store
 * answers (503 when it does not, so a load balancer sends traffic elsewhere).
 */
import Router from '@koa/router';

import type { Store } from '../store/ports.js';

export function operationsRouter(store: Store): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await store.ping();
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'store unavailable' };
    }
  });
  return router;
}
