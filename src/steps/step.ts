/**
 * One row of the step table (src/stepTable.ts): its method and path, the guard the router runs
 * before it, the shape of its body, and the step. A step starts with what its guard loaded and
 * checked, and with its body read and checked (unknown fields, wrong types: a 400 that names them),
 * so no step repeats those checks by hand, and none can forget them.
 *
 * Guards, from weakest to strongest:
 * - `none`: anyone (the account page's own sign-in, a recovery request, the pages that say so);
 * - `interaction`: the sign-in the path names, proven by its interaction cookie (loadInteraction.ts);
 * - `signedIn`: the person signed in to this browser (the provider's session); its activity is recorded;
 * - `fresh`: signed in, and confirmed with a passkey within the last few minutes (a sensitive action:
 *   one that could take the account over or lock its owner out);
 * - `admin`: signed in to an account that is an administrator and not disabled (the console at
 *   /admin); anyone else signed in is refused with a 403, and a signed-out browser opening a page is
 *   sent to the account page's sign-in, which brings it back;
 * - `adminFresh`: `admin`, and confirmed with a passkey as for `fresh` (the console's destructive
 *   actions: removing an app, a person or a group, disabling someone, rotating a secret, revoking a key).
 * Every POST also passes the same-origin check, whatever its guard; no GET changes anything.
 * A row that starts a passkey ceremony says so, and its step runs only within the ceremony limits.
 */
import type { Context } from 'koa';

import type { FieldShape, Fields } from '../http/readBody.js';
import type { SignedIn } from '../sessions/accountSession.js';
import type { InteractionDetails } from './loadInteraction.js';
import type { StepDeps } from './deps.js';

export type Guard = 'none' | 'interaction' | 'signedIn' | 'fresh' | 'admin' | 'adminFresh';

/** What the guard loaded, by guard. */
export interface Guarded {
  none: Record<never, never>;
  interaction: { interaction: InteractionDetails };
  signedIn: { signedIn: SignedIn };
  fresh: { signedIn: SignedIn };
  admin: { signedIn: SignedIn };
  adminFresh: { signedIn: SignedIn };
}

export type Given<G extends Guard, S extends FieldShape> = Guarded[G] & { fields: Fields<S> };

/** A step: what the request asks, once its row's checks have passed. */
export type Step<G extends Guard, S extends FieldShape = Record<never, never>> = (ctx: Context, given: Given<G, S>) => Promise<void>;

export interface StepRow<G extends Guard = Guard, S extends FieldShape = FieldShape> {
  method: 'GET' | 'POST';
  path: string;
  guard: G;
  /** The fields a POST body must have (`string?`: optional); a GET reads no body. */
  body: S;
  step: (deps: StepDeps) => Step<G, S>;
  /** The step starts a passkey ceremony: the router counts it against the ceremony limits first (src/rateLimits/limitCeremonies.ts). */
  startsCeremony?: boolean;
}

/** The last column of a row whose step starts a passkey ceremony. */
export const STARTS_CEREMONY = { startsCeremony: true } as const;

/**
 * A row of the table. The compiler checks the step against it: a step that needs the signed-in
 * person does not fit a row whose guard is `none` or `interaction`, nor one that reads a field
 * the row's body does not have.
 */
export function row<G extends Guard, S extends FieldShape>(
  method: 'GET' | 'POST', path: string, guard: G, body: S, step: (deps: StepDeps) => Step<G, S>,
  options: { startsCeremony?: boolean } = {},
): StepRow {
  // The table holds rows of every guard and shape; the router gives each step what its row says.
  return { method, path, guard, body, step, ...options } as unknown as StepRow;
}
