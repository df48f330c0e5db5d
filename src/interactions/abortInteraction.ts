/**
 * POST /interaction/:uid/abort — the person declines (cancel on the sign-in or consent page);
 * the app receives `access_denied`.
 */
import type { Context } from 'koa';

import { readFields } from '../http/readBody.js';
import type { InteractionDeps } from './deps.js';
import { loadInteraction } from './loadInteraction.js';

export function abortInteraction({ provider }: InteractionDeps) {
  return async function abortInteractionStep(ctx: Context): Promise<void> {
    await loadInteraction(provider, ctx);
    await readFields(ctx, {});
    await provider.interactionFinished(ctx.req, ctx.res, {
      error: 'access_denied',
      error_description: 'The person declined to sign in or to allow access.',
    }, { mergeWithLastSubmission: false });
    ctx.respond = false;
  };
}
