/**
 * Where the person is signed in:
 *   POST /account/sessions/end          { uid } ends one other session
 *   POST /account/sessions/end-others   ends every session but this one
 * Both need a fresh verification: ending sessions is how an intruder would lock the owner out.
 * This browser's own session ends with "Sign out" (POST /account/sign-out) instead.
 */
import type { Context } from 'koa';

import { PublicError } from '../../errors/publicError.js';
import { auditRequest } from '../../audit/auditRequest.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { endOtherSessions, endSession } from '../endSessions.js';
import { requireFresh, requireSignedIn } from './accountSession.js';

export function endSessionStep(deps: InteractionDeps) {
  return async function endSessionAction(ctx: Context): Promise<void> {
    const { uid } = await readFields(ctx, { uid: 'string' });
    const signedIn = await requireSignedIn(deps, ctx);
    if (uid === signedIn.session.uid) throw new PublicError('bad_request', 'use sign-out to end this session');
    await requireFresh(deps, signedIn);
    await endSession(deps.store.oidc, { accountId: signedIn.person.id, sessionUid: uid });
    await auditRequest(deps, ctx, { type: 'session_ended', personId: signedIn.person.id, email: signedIn.person.email, detail: { which: 'another', sessions: 1 } });
    ctx.body = { ended: 1 };
  };
}

export function endOtherSessionsStep(deps: InteractionDeps) {
  return async function endOtherSessionsAction(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const signedIn = await requireSignedIn(deps, ctx);
    await requireFresh(deps, signedIn);
    const ended = await endOtherSessions(deps.store.oidc, { accountId: signedIn.person.id, keepUid: signedIn.session.uid });
    await auditRequest(deps, ctx, { type: 'session_ended', personId: signedIn.person.id, email: signedIn.person.email, detail: { which: 'all others', sessions: ended } });
    ctx.body = { ended };
  };
}
