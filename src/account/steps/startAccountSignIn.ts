/**
 * POST /account/sign-in/options — a usernameless passkey challenge on the account page, bound to
 * a random cookie of this browser (there is no session yet to bind it to).
 */
import { randomBytes } from 'node:crypto';

import { accountSignInBinding } from '../../ceremonies/bindings.js';
import { CEREMONY_TTL_MS } from '../../ceremonies/kinds.js';
import { startAuthentication } from '../../passkeys/startAuthentication.js';
import { ACCOUNT_SIGN_IN_COOKIE, ACCOUNT_SIGN_IN_COOKIE_OPTIONS } from '../../sessions/accountSession.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';

export function startAccountSignIn({ passkeys }: StepDeps): Step<'none'> {
  return async function startAccountSignInStep(ctx) {
    const cookie = randomBytes(32).toString('base64url');
    ctx.cookies.set(ACCOUNT_SIGN_IN_COOKIE, cookie, { ...ACCOUNT_SIGN_IN_COOKIE_OPTIONS, maxAge: CEREMONY_TTL_MS });
    ctx.body = await startAuthentication(passkeys, { kind: 'passkey-sign-in', binding: accountSignInBinding(cookie), personId: null });
  };
}
