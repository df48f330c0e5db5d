/**
 * Every page and step the provider adds around oidc-provider, in order, one row each: method,
 * path, guard (src/steps/step.ts says what each guard checks), the body's fields, the step, and
 * whether the step starts a passkey ceremony (counted against the ceremony limits first).
 * The router (src/steps/router.ts) runs the same-origin check on every POST, reads the body, runs
 * the guard, then the step. test/steps/stepTable.test.ts walks this table.
 */
import { finishInvitedPasskey } from './access/steps/finishInvitedPasskey.js';
import { showInvitation } from './access/steps/showInvitation.js';
import { startInvitedPasskey } from './access/steps/startInvitedPasskey.js';
import { changeProfileStep, profileBody } from './account/steps/changeProfileStep.js';
import { confirmEmailChangeStep } from './account/steps/confirmEmailChangeStep.js';
import { deleteAccountStep } from './account/steps/deleteAccountStep.js';
import { endOtherSessionsStep } from './account/steps/endOtherSessionsStep.js';
import { endSessionStep } from './account/steps/endSessionStep.js';
import { finishAccountSignIn } from './account/steps/finishAccountSignIn.js';
import { finishBackupPasskey } from './account/steps/finishBackupPasskey.js';
import { finishNewPasskey } from './account/steps/finishNewPasskey.js';
import { finishVerification } from './account/steps/finishVerification.js';
import { removePasskeyStep } from './account/steps/removePasskeyStep.js';
import { renamePasskeyStep } from './account/steps/renamePasskeyStep.js';
import { reportLostDeviceStep } from './account/steps/reportLostDeviceStep.js';
import { requestEmailChangeStep } from './account/steps/requestEmailChangeStep.js';
import { revokeAppStep } from './account/steps/revokeAppStep.js';
import { showAccount } from './account/steps/showAccount.js';
import { showBackupOffer } from './account/steps/showBackupOffer.js';
import { signOutHere } from './account/steps/signOutHere.js';
import { startAccountSignIn } from './account/steps/startAccountSignIn.js';
import { startBackupPasskey } from './account/steps/startBackupPasskey.js';
import { startNewPasskey } from './account/steps/startNewPasskey.js';
import { startVerification } from './account/steps/startVerification.js';
import { apiKeyFields, createApiKeyStep } from './admin/console/apiKeys/createApiKeyStep.js';
import { revokeApiKeyStep } from './admin/console/apiKeys/revokeApiKeyStep.js';
import { showApiKeys } from './admin/console/apiKeys/showApiKeys.js';
import { changeAppFields, changeAppStep } from './admin/console/apps/changeAppStep.js';
import { registerAppFields, registerAppStep } from './admin/console/apps/registerAppStep.js';
import { removeAppStep } from './admin/console/apps/removeAppStep.js';
import { rotateSecretStep } from './admin/console/apps/rotateSecretStep.js';
import { showApps } from './admin/console/apps/showApps.js';
import { showAppStep } from './admin/console/apps/showAppStep.js';
import { showNewApp } from './admin/console/apps/showNewApp.js';
import { addMemberStep } from './admin/console/groups/addMemberStep.js';
import { changeGroupStep } from './admin/console/groups/changeGroupStep.js';
import { createGroupStep, groupFields } from './admin/console/groups/createGroupStep.js';
import { removeGroupStep } from './admin/console/groups/removeGroupStep.js';
import { removeMemberStep } from './admin/console/groups/removeMemberStep.js';
import { showGroups } from './admin/console/groups/showGroups.js';
import { showGroupStep } from './admin/console/groups/showGroupStep.js';
import { invitationFields, inviteStep } from './admin/console/invitations/inviteStep.js';
import { revokeInvitationStep } from './admin/console/invitations/revokeInvitationStep.js';
import { showInvitations } from './admin/console/invitations/showInvitations.js';
import { disablePersonStep } from './admin/console/people/disablePersonStep.js';
import { enablePersonStep } from './admin/console/people/enablePersonStep.js';
import { endSessionsStep } from './admin/console/people/endSessionsStep.js';
import { mailRecoveryLinkStep } from './admin/console/people/mailRecoveryLinkStep.js';
import { removePersonStep } from './admin/console/people/removePersonStep.js';
import { showPeople } from './admin/console/people/showPeople.js';
import { showPersonStep } from './admin/console/people/showPersonStep.js';
import { showOverview } from './admin/console/showOverview.js';
import { abortInteraction } from './interactions/abortInteraction.js';
import { finishPasskeySignIn } from './interactions/finishPasskeySignIn.js';
import { switchLanguage } from './language/switchLanguage.js';
import { grantConsent } from './interactions/grantConsent.js';
import { leaveRefusedApp } from './interactions/leaveRefusedApp.js';
import { showPrompt } from './interactions/showPrompt.js';
import { startPasskeySignIn } from './interactions/startPasskeySignIn.js';
import { continueAfterRecovery } from './recovery/steps/continueAfterRecovery.js';
import { finishRecoveryPasskey } from './recovery/steps/finishRecoveryPasskey.js';
import { requestRecoveryLink } from './recovery/steps/requestRecoveryLink.js';
import { showRecovery } from './recovery/steps/showRecovery.js';
import { showRecoveryLink } from './recovery/steps/showRecoveryLink.js';
import { startRecoveryPasskey } from './recovery/steps/startRecoveryPasskey.js';
import { confirmSignUp } from './signup/steps/confirmSignUp.js';
import { finishSignUp } from './signup/steps/finishSignUp.js';
import { requestSignUpCode } from './signup/steps/requestSignUpCode.js';
import { resendSignUpCodeStep } from './signup/steps/resendSignUpCodeStep.js';
import { showSignUp } from './signup/steps/showSignUp.js';
import { row, STARTS_CEREMONY, type StepRow } from './steps/step.js';

const none = {};

export const stepTable: StepRow[] = [
  // A sign-in of an app: the page, a passkey, consent, or giving up.
  row('GET', '/interaction/:uid', 'interaction', none, showPrompt),
  row('POST', '/interaction/:uid/passkey/options', 'interaction', { email: 'string?' }, startPasskeySignIn, STARTS_CEREMONY),
  row('POST', '/interaction/:uid/passkey/verify', 'interaction', { response: 'object' }, finishPasskeySignIn),
  row('POST', '/interaction/:uid/consent', 'interaction', none, grantConsent),
  row('POST', '/interaction/:uid/abort', 'interaction', none, abortInteraction),
  // The app's access rule refused the signed-in person: back to the app with access_denied.
  row('POST', '/interaction/:uid/refused', 'interaction', none, leaveRefusedApp),
  // Sign-up inside that sign-in: address, mailed code, first passkey, then a backup passkey offered.
  row('GET', '/interaction/:uid/signup', 'interaction', none, showSignUp),
  row('POST', '/interaction/:uid/signup', 'interaction', { email: 'string', name: 'string?' }, requestSignUpCode),
  row('POST', '/interaction/:uid/signup/resend', 'interaction', none, resendSignUpCodeStep),
  row('POST', '/interaction/:uid/signup/code', 'interaction', { code: 'string' }, confirmSignUp, STARTS_CEREMONY),
  row('POST', '/interaction/:uid/signup/passkey', 'interaction', { response: 'object' }, finishSignUp),
  row('GET', '/interaction/:uid/backup-passkey', 'interaction', none, showBackupOffer),
  row('POST', '/interaction/:uid/backup-passkey/options', 'interaction', none, startBackupPasskey, STARTS_CEREMONY),
  row('POST', '/interaction/:uid/backup-passkey', 'interaction', { response: 'object' }, finishBackupPasskey),
  // An invitation link: the invited person creates their account with a passkey, whatever SIGN_UP says.
  row('GET', '/invite/:token', 'none', none, showInvitation),
  row('POST', '/invite/:token/options', 'none', { name: 'string?' }, startInvitedPasskey, STARTS_CEREMONY),
  row('POST', '/invite/:token/passkey', 'none', { ceremony: 'string', response: 'object' }, finishInvitedPasskey),
  // Recovery by mailed link; the sign-in that asked for it may then continue.
  row('GET', '/recovery', 'none', none, showRecovery),
  row('POST', '/recovery', 'none', { email: 'string', interaction: 'string?' }, requestRecoveryLink),
  row('GET', '/recover/:token', 'none', none, showRecoveryLink),
  row('POST', '/recover/:token/options', 'none', none, startRecoveryPasskey, STARTS_CEREMONY),
  row('POST', '/recover/:token/passkey', 'none', { response: 'object' }, finishRecoveryPasskey),
  row('POST', '/interaction/:uid/recovered', 'interaction', { token: 'string' }, continueAfterRecovery),
  // The account page: signing in and out there, confirming it is you, and what you can change.
  row('GET', '/account', 'none', none, showAccount),
  row('POST', '/account/sign-in/options', 'none', none, startAccountSignIn, STARTS_CEREMONY),
  row('POST', '/account/sign-in', 'none', { response: 'object' }, finishAccountSignIn),
  row('POST', '/account/sign-out', 'none', none, signOutHere),
  row('POST', '/account/verify/options', 'signedIn', none, startVerification, STARTS_CEREMONY),
  row('POST', '/account/verify', 'signedIn', { response: 'object' }, finishVerification),
  row('POST', '/account/passkeys/options', 'fresh', none, startNewPasskey, STARTS_CEREMONY),
  row('POST', '/account/passkeys', 'fresh', { response: 'object' }, finishNewPasskey),
  row('POST', '/account/passkeys/rename', 'signedIn', { id: 'string', name: 'string' }, renamePasskeyStep),
  row('POST', '/account/passkeys/remove', 'fresh', { id: 'string' }, removePasskeyStep),
  row('POST', '/account/sessions/end', 'fresh', { uid: 'string' }, endSessionStep),
  row('POST', '/account/sessions/end-others', 'fresh', none, endOtherSessionsStep),
  row('POST', '/account/apps/revoke', 'signedIn', { clientId: 'string' }, revokeAppStep),
  row('POST', '/account/lost-device', 'fresh', { ids: 'string' }, reportLostDeviceStep),
  row('POST', '/account/profile', 'signedIn', profileBody, changeProfileStep),
  row('POST', '/account/email', 'fresh', { email: 'string' }, requestEmailChangeStep),
  row('POST', '/account/email/code', 'signedIn', { code: 'string' }, confirmEmailChangeStep),
  row('POST', '/account/delete', 'fresh', { confirm: 'string?' }, deleteAccountStep),
  // The administration console: administrators only; destructive actions need a fresh passkey confirmation.
  row('GET', '/admin', 'admin', none, showOverview),
  row('GET', '/admin/apps', 'admin', none, showApps),
  row('GET', '/admin/apps/new', 'admin', none, showNewApp),
  row('POST', '/admin/apps', 'admin', registerAppFields, registerAppStep),
  row('GET', '/admin/apps/:clientId', 'admin', none, showAppStep),
  row('POST', '/admin/apps/:clientId', 'admin', changeAppFields, changeAppStep),
  row('POST', '/admin/apps/:clientId/secret', 'adminFresh', { overlap: 'string?' }, rotateSecretStep),
  row('POST', '/admin/apps/:clientId/remove', 'adminFresh', { confirm: 'string?' }, removeAppStep),
  row('GET', '/admin/people', 'admin', none, showPeople),
  row('GET', '/admin/people/:id', 'admin', none, showPersonStep),
  row('POST', '/admin/people/:id/disable', 'adminFresh', none, disablePersonStep),
  row('POST', '/admin/people/:id/enable', 'admin', none, enablePersonStep),
  row('POST', '/admin/people/:id/recovery-link', 'admin', none, mailRecoveryLinkStep),
  row('POST', '/admin/people/:id/end-sessions', 'admin', none, endSessionsStep),
  row('POST', '/admin/people/:id/remove', 'adminFresh', { confirm: 'string?' }, removePersonStep),
  row('GET', '/admin/groups', 'admin', none, showGroups),
  row('POST', '/admin/groups', 'admin', groupFields, createGroupStep),
  row('GET', '/admin/groups/:name', 'admin', none, showGroupStep),
  row('POST', '/admin/groups/:name/settings', 'admin', { description: 'string?', isDefault: 'string?' }, changeGroupStep),
  row('POST', '/admin/groups/:name/members', 'admin', { email: 'string' }, addMemberStep),
  row('POST', '/admin/groups/:name/members/remove', 'admin', { id: 'string' }, removeMemberStep),
  row('POST', '/admin/groups/:name/remove', 'adminFresh', { confirm: 'string?' }, removeGroupStep),
  row('GET', '/admin/invitations', 'admin', none, showInvitations),
  row('POST', '/admin/invitations', 'admin', invitationFields, inviteStep),
  row('POST', '/admin/invitations/:id/revoke', 'admin', none, revokeInvitationStep),
  row('GET', '/admin/api-keys', 'admin', none, showApiKeys),
  row('POST', '/admin/api-keys', 'admin', apiKeyFields, createApiKeyStep),
  row('POST', '/admin/api-keys/:id/revoke', 'adminFresh', none, revokeApiKeyStep),
  // The language switcher in every page's footer.
  row('POST', '/language', 'none', { lang: 'string', return: 'string?' }, switchLanguage),
];
