/**
 * A fresh confirmation with a passkey before a sensitive action (see ../freshVerification.ts):
 *   POST /account/verify/options   a challenge for the signed-in account's own passkeys
 *   POST /account/verify           { response } → the session's login time moves to now
 * The ceremony is bound to the session and started for the account, so only a passkey of the
 * signed-in person answers it (verifyAssertion refuses another account's as `wrong_account`).
 */
import type { Context } from 'koa';

import { sessionBinding } from '../../ceremonies/bindings.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { startAuthentication } from '../../passkeys/startAuthentication.js';
import { verifyAssertion } from '../../passkeys/verifyAssertion.js';
import { recordVerification } from '../freshVerification.js';
import { requireSignedIn } from './accountSession.js';

export function startVerification(deps: InteractionDeps) {
  return async function startVerificationStep(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const signedIn = await requireSignedIn(deps, ctx);
    ctx.body = await startAuthentication(deps.passkeys, {
      kind: 'fresh-verification',
      binding: sessionBinding(signedIn.session),
      personId: signedIn.person.id,
      allowCredentials: await deps.store.credentials.listByPerson(signedIn.person.id),
    });
  };
}

export function finishVerification(deps: InteractionDeps) {
  return async function finishVerificationStep(ctx: Context): Promise<void> {
    const { response } = await readFields(ctx, { response: 'object' });
    const signedIn = await requireSignedIn(deps, ctx);
    await verifyAssertion(deps.passkeys, { kind: 'fresh-verification', binding: sessionBinding(signedIn.session), response });
    await recordVerification(signedIn.session, deps.now());
    ctx.body = { verified: true };
  };
}
