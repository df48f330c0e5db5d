/**
 * POST /account/sign-in { response } — the provider's session, with a new id, for whoever owns the
 * passkey that answered the challenge this browser's cookie names.
 */
import { requestOrigin } from '../../audit/requestOrigin.js';
import { recordRefusedSignIn, recordSignIn } from '../../audit/signIns.js';
import { accountSignInBinding } from '../../ceremonies/bindings.js';
import { PublicError } from '../../errors/publicError.js';
import { verifyAssertion } from '../../passkeys/verifyAssertion.js';
import { ACCOUNT_SIGN_IN_COOKIE, ACCOUNT_SIGN_IN_COOKIE_OPTIONS, startSession } from '../../sessions/accountSession.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';

export function finishAccountSignIn(deps: StepDeps): Step<'none', { response: 'object' }> {
  return async function finishAccountSignInStep(ctx, { fields: { response } }) {
    const cookie = ctx.cookies.get(ACCOUNT_SIGN_IN_COOKIE, { signed: true });
    if (!cookie) throw new PublicError('ceremony_expired', 'no account sign-in cookie');
    ctx.cookies.set(ACCOUNT_SIGN_IN_COOKIE, null, ACCOUNT_SIGN_IN_COOKIE_OPTIONS);
    const origin = requestOrigin(ctx);
    let verified;
    try {
      verified = await verifyAssertion(deps.passkeys, { kind: 'passkey-sign-in', binding: accountSignInBinding(cookie), response });
    } catch (error) {
      await recordRefusedSignIn(deps, { error, response, origin, clientId: null, via: 'account' });
      throw error;
    }
    const { person, credential } = verified;
    await recordSignIn(deps, { person, origin, clientId: null, credentialId: credential.id, via: 'account' });
    await startSession(deps, ctx, person, credential);
    deps.log.info('account.signed_in', { personId: person.id, credentialId: credential.id });
    ctx.body = { signedIn: true };
  };
}
