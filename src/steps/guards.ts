/**
 * The guards the router runs before a step (see ./step.ts), each in one place.
 */
import type { Context } from 'koa';

import { linkTo } from '../email/links.js';
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

/**
 * A console page opened by a browser that is not signed in: the router sends it to the account
 * page's passkey sign-in, which returns to `location`'s page afterwards.
 */
export class SignInFirst extends PublicError<'account_signed_out'> {
  constructor(readonly location: string) {
    super('account_signed_out', 'a console page without a session');
  }
}

/** The signed-in administrator, for a step of the console (src/admin/console/). */
async function requireAdministrator(deps: StepDeps, ctx: Context): Promise<SignedIn> {
  const signedIn = await findSignedIn(deps, ctx);
  if (!signedIn) {
    if (ctx.method === 'GET') throw new SignInFirst(linkTo(deps.settings.issuer, '/account', { return: ctx.path }));
    throw new PublicError('account_signed_out', 'no signed-in session');
  }
  // Ensure the account administers now: the flag and the disabled mark are read afresh at every request.
  if (!signedIn.person.isAdmin || signedIn.person.disabledAt) throw new PublicError('admin_only', `person ${signedIn.person.id}`);
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
  admin: async (deps, ctx) => ({ signedIn: await requireAdministrator(deps, ctx) }),
  adminFresh: async (deps, ctx) => {
    const signedIn = await requireAdministrator(deps, ctx);
    requireFreshVerification(signedIn.session, deps.now());
    return { signedIn };
  },
};
