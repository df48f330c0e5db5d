/**
 * Turns the step table into routes. For every row, in order: the same-origin check (every POST),
 * the body read against the row's shape (a POST; a GET reads none), the row's guard, then the step
 * with what they gave. No step does any of that by hand.
 */
import Router from '@koa/router';
import type { Context } from 'koa';

import { readFields } from '../http/readBody.js';
import { requireSameOrigin } from '../http/sameOrigin.js';
import type { StepDeps } from './deps.js';
import { guards } from './guards.js';
import type { StepRow } from './step.js';

export function stepRouter(rows: StepRow[], deps: StepDeps): Router {
  const router = new Router();
  const sameOrigin = requireSameOrigin(deps.settings.issuer);
  for (const row of rows) {
    const step = row.step(deps);
    const guard = guards[row.guard];
    const run = async (ctx: Context): Promise<void> => {
      const fields = row.method === 'POST' ? await readFields(ctx, row.body) : {};
      await step(ctx, { ...(await guard(deps, ctx)), fields } as never);
    };
    if (row.method === 'GET') router.get(row.path, run);
    else router.post(row.path, sameOrigin, run);
  }
  return router;
}
