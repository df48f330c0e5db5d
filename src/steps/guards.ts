/**
 * The guards the router runs before a step (see ./step.ts), each in one place.
 */
import type { Context } from 'koa';

import { PublicError } from '../errors/publicError.js';
import { findSignedIn, touchSession, type SignedIn } from '../sessions/accountSession.js';
import { requireFreshVerification } from '../sessions/freshVerification.js';
import type { StepDeps } from './deps.js';
import { loadInteraction } from './loadInteraction.js';
import type { Guard, Guarded } from './step.js';

/** The signed-in person, for a step that acts on the account; their session's activity is recorded. */
async function requireSignedIn(deps: StepDeps, ctx: Context): Promise<SignedIn> {
  const signedIn = await findSignedIn(deps, ctx);
  if (!signedIn) throw new PublicError('account_signed_out', 'no signed-in session');
  await touchSession(deps, ctx, signedIn);
  return signedIn;
}

export const guards: { [G in Guard]: (deps: StepDeps, ctx: Context) => Promise<Guarded[G]> } = {
  none: async () => ({}),
  interaction: async (deps, ctx) => ({ interaction: await loadInteraction(deps.provider, ctx) }),
  signedIn: async (deps, ctx) => ({ signedIn: await requireSignedIn(deps, ctx) }),
  fresh: async (deps, ctx) => {
    const signedIn = await requireSignedIn(deps, ctx);
    requireFreshVerification(signedIn.session, deps.now());
    return { signedIn };
  },
};
