/**
 * Every page and step the provider adds around oidc-provider, in one table. Each POST passes
 * the same-origin check first (src/http/sameOrigin.ts); no GET changes anything.
 */
import Router from '@koa/router';
import type { Context } from 'koa';

import { accountSteps } from '../account/steps/accountSteps.js';
import { requireSameOrigin } from '../http/sameOrigin.js';
import { abortInteraction } from './abortInteraction.js';
import type { InteractionDeps } from './deps.js';
import { finishPasskeySignIn } from './finishPasskeySignIn.js';
import { grantConsent } from './grantConsent.js';
import { finishInvitedPasskey, showInvitation, startInvitedPasskey } from './invitationSteps.js';
import {
  continueAfterRecovery, finishRecoveryPasskey, requestRecoveryLink, showRecovery, showRecoveryLink, startRecoveryPasskey,
} from './recoverySteps.js';
import { showPrompt } from './showPrompt.js';
import { confirmSignUp, finishSignUp, requestSignUpCode, showSignUp } from './signUpSteps.js';
import { startPasskeySignIn } from './startPasskeySignIn.js';

type Step = (deps: InteractionDeps) => (ctx: Context) => Promise<void>;

const steps: Array<['GET' | 'POST', string, Step]> = [
  ['GET', '/interaction/:uid', showPrompt],
  ['POST', '/interaction/:uid/passkey/options', startPasskeySignIn],
  ['POST', '/interaction/:uid/passkey/verify', finishPasskeySignIn],
  ['GET', '/interaction/:uid/signup', showSignUp],
  ['POST', '/interaction/:uid/signup', requestSignUpCode],
  ['POST', '/interaction/:uid/signup/code', confirmSignUp],
  ['POST', '/interaction/:uid/signup/passkey', finishSignUp],
  ['POST', '/interaction/:uid/consent', grantConsent],
  ['POST', '/interaction/:uid/abort', abortInteraction],
  ['POST', '/interaction/:uid/recovered', continueAfterRecovery],
  ['GET', '/invite/:token', showInvitation],
  ['POST', '/invite/:token/options', startInvitedPasskey],
  ['POST', '/invite/:token/passkey', finishInvitedPasskey],
  ['GET', '/recovery', showRecovery],
  ['POST', '/recovery', requestRecoveryLink],
  ['GET', '/recover/:token', showRecoveryLink],
  ['POST', '/recover/:token/options', startRecoveryPasskey],
  ['POST', '/recover/:token/passkey', finishRecoveryPasskey],
  ...accountSteps,
];

export function interactionRouter(deps: InteractionDeps): Router {
  const router = new Router();
  const sameOrigin = requireSameOrigin(deps.settings.issuer);
  for (const [method, path, step] of steps) {
    if (method === 'GET') router.get(path, step(deps));
    else router.post(path, sameOrigin, step(deps));
  }
  return router;
}
