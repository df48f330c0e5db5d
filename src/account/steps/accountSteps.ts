/**
 * The account page's steps, in order, as rows of the provider's one table of steps
 * (src/interactions/router.ts puts them after its own; every POST passes the same-origin check
 * there, and no GET changes anything).
 */
import type { Context } from 'koa';

import type { InteractionDeps } from '../../interactions/deps.js';
import { finishAccountSignIn, signOutHere, startAccountSignIn } from './accountSignInSteps.js';
import { revokeAppStep } from './appSteps.js';
import { finishBackupPasskey, showBackupOffer, startBackupPasskey } from './backupPasskeySteps.js';
import { deleteAccountStep } from './deleteAccountStep.js';
import { finishNewPasskey, removePasskeyStep, renamePasskeyStep, startNewPasskey } from './passkeySteps.js';
import { changeNameStep, confirmEmailChangeStep, requestEmailChangeStep } from './profileSteps.js';
import { endOtherSessionsStep, endSessionStep } from './sessionSteps.js';
import { showAccount } from './showAccount.js';
import { finishVerification, startVerification } from './verifySteps.js';

type Step = (deps: InteractionDeps) => (ctx: Context) => Promise<void>;

export const accountSteps: Array<['GET' | 'POST', string, Step]> = [
  ['GET', '/account', showAccount],
  ['POST', '/account/sign-in/options', startAccountSignIn],
  ['POST', '/account/sign-in', finishAccountSignIn],
  ['POST', '/account/sign-out', signOutHere],
  ['POST', '/account/verify/options', startVerification],
  ['POST', '/account/verify', finishVerification],
  ['POST', '/account/passkeys/options', startNewPasskey],
  ['POST', '/account/passkeys', finishNewPasskey],
  ['POST', '/account/passkeys/rename', renamePasskeyStep],
  ['POST', '/account/passkeys/remove', removePasskeyStep],
  ['POST', '/account/sessions/end', endSessionStep],
  ['POST', '/account/sessions/end-others', endOtherSessionsStep],
  ['POST', '/account/apps/revoke', revokeAppStep],
  ['POST', '/account/name', changeNameStep],
  ['POST', '/account/email', requestEmailChangeStep],
  ['POST', '/account/email/code', confirmEmailChangeStep],
  ['POST', '/account/delete', deleteAccountStep],
  ['GET', '/interaction/:uid/backup-passkey', showBackupOffer],
  ['POST', '/interaction/:uid/backup-passkey/options', startBackupPasskey],
  ['POST', '/interaction/:uid/backup-passkey', finishBackupPasskey],
];
