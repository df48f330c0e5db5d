/**
 * Turns the step table into routes. For every row, in order: the same-origin check (every POST),
 * the body read against the row's shape (a POST; a GET reads none), the row's guard, the ceremony
 * limits (a row that starts a passkey ceremony), then the step with what they gave. No step does any
 * of that by hand.
 */
import Router from '@koa/router';
import type { Context } from 'koa';

import { LIMIT_DEFAULTS } from '../config/settings.js';
import { readFields } from '../http/readBody.js';
import { limitCeremonies } from '../rateLimits/limitCeremonies.js';
import { requireSameOrigin } from '../http/sameOrigin.js';
import type { StepDeps } from './deps.js';
import { guards, SignInFirst } from './guards.js';
import type { Guarded, StepRow } from './step.js';

export function stepRouter(rows: StepRow[], deps: StepDeps): Router {
  const router = new Router();
  const sameOrigin = requireSameOrigin(deps.settings.issuer);
  const ceremonyLimits = {
    perIp: deps.settings.ceremoniesPerIp ?? LIMIT_DEFAULTS.ceremoniesPerIp,
    perInteraction: deps.settings.ceremoniesPerInteraction ?? LIMIT_DEFAULTS.ceremoniesPerInteraction,
  };
  for (const row of rows) {
    const step = row.step(deps);
    const guard = guards[row.guard];
    const run = async (ctx: Context): Promise<void> => {
      const fields = row.method === 'POST' ? await readFields(ctx, row.body) : {};
      let guarded: Partial<Guarded['interaction']>;
      try {
        guarded = await guard(deps, ctx);
      } catch (error) {
        // A signed-out browser opening a console page is sent to sign in first.
        if (!(error instanceof SignInFirst)) throw error;
        ctx.set('Cache-Control', 'no-store');
        ctx.status = 303;
        ctx.redirect(error.location);
        return;
      }
      if (row.startsCeremony) {
        const interaction = guarded.interaction?.uid ?? null;
        await limitCeremonies(deps.store.rateLimits, ceremonyLimits, ctx, interaction);
      }
      await step(ctx, { ...guarded, fields } as never);
    };
    if (row.method === 'GET') router.get(row.path, run);
    else router.post(row.path, sameOrigin, run);
  }
  return router;
}
