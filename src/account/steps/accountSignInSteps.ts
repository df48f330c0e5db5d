/**
 * Signing in and out on the account page itself, in the provider's own session:
 *   POST /account/sign-in/options   a usernameless passkey challenge, bound to a random cookie of
 *                                   this browser (there is no session yet to bind it to)
 *   POST /account/sign-in           { response } → the provider's session, with a new id
 *   POST /account/sign-out          ends this browser's session, as logout does
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

import { auditRequest } from '../../audit/auditRequest.js';
import { requestOrigin } from '../../audit/requestOrigin.js';
import { recordRefusedSignIn, recordSignIn } from '../../audit/signIns.js';
import { accountSignInBinding } from '../../ceremonies/bindings.js';
import { CEREMONY_TTL_MS } from '../../ceremonies/kinds.js';
import { PublicError } from '../../errors/publicError.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { startAuthentication } from '../../passkeys/startAuthentication.js';
import { verifyAssertion } from '../../passkeys/verifyAssertion.js';
import { endSessionRecord } from '../endSessions.js';
import { listSessionRecords } from '../sessionActivity.js';
import { clearSessionCookie, findSignedIn, startSession } from './accountSession.js';

const SIGN_IN_COOKIE = 'account_sign_in';
const signInCookie = { httpOnly: true, sameSite: 'strict', path: '/account' } as const;

export function startAccountSignIn({ passkeys }: InteractionDeps) {
  return async function startAccountSignInStep(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const cookie = randomBytes(32).toString('base64url');
    ctx.cookies.set(SIGN_IN_COOKIE, cookie, { ...signInCookie, maxAge: CEREMONY_TTL_MS });
    ctx.body = await startAuthentication(passkeys, { kind: 'passkey-sign-in', binding: accountSignInBinding(cookie), personId: null });
  };
}

export function finishAccountSignIn(deps: InteractionDeps) {
  return async function finishAccountSignInStep(ctx: Context): Promise<void> {
    const { response } = await readFields(ctx, { response: 'object' });
    const cookie = ctx.cookies.get(SIGN_IN_COOKIE, { signed: true });
    if (!cookie) throw new PublicError('ceremony_expired', 'no account sign-in cookie');
    ctx.cookies.set(SIGN_IN_COOKIE, null, signInCookie);
    const origin = requestOrigin(ctx);
    let verified;
    try {
      verified = await verifyAssertion(deps.passkeys, { kind: 'passkey-sign-in', binding: accountSignInBinding(cookie), response });
    } catch (error) {
      await recordRefusedSignIn(deps, { error, response, origin, clientId: null, via: 'account' });
      throw error;
    }
    const { person, credential } = verified;
    await startSession(deps, ctx, person, credential);
    deps.log.info('account.signed_in', { personId: person.id, credentialId: credential.id });
    await recordSignIn(deps, { person, origin, clientId: null, credentialId: credential.id, via: 'account' });
    ctx.body = { signedIn: true };
  };
}

export function signOutHere(deps: InteractionDeps) {
  return async function signOutHereStep(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const signedIn = await findSignedIn(deps, ctx);
    if (signedIn) {
      const record = (await listSessionRecords(deps.store.oidc, signedIn.person.id)).find((s) => s.payload.uid === signedIn.session.uid);
      if (record) {
        await endSessionRecord(deps.store.oidc, record);
        await auditRequest(deps, ctx, { type: 'session_ended', personId: signedIn.person.id, email: signedIn.person.email, detail: { which: 'this', sessions: 1 } });
      }
    }
    clearSessionCookie(deps.provider, ctx);
    ctx.body = { signedOut: true };
  };
}
