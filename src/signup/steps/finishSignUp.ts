/**
 * POST /interaction/:uid/signup/passkey { response } — the account is created with its first
 * passkey and signed in; the page then offers a backup passkey (src/account/steps/showBackupOffer.ts)
 * on its way back to the app. The passkey is bound only after the address is proven, and only to
 * the identity the registration ceremony was started for (its state), never to anything in the
 * request body.
 */
import { joinNewAccountGroups } from '../../access/newAccounts.js';
import { checkOpenSignUp } from '../../access/signUpPolicy.js';
import { auditRequest } from '../../audit/auditRequest.js';
import { backupPasskeyPath } from '../../account/backupOffer.js';
import { interactionBinding } from '../../ceremonies/bindings.js';
import { signInAccount } from '../../interactions/signInAccount.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import { finishRegistration } from '../../passkeys/finishRegistration.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { createAccount } from '../../access/createAccount.js';

export function finishSignUp(deps: StepDeps): Step<'interaction', { response: 'object' }> {
  const { store, passkeys, settings, now } = deps;
  return async function finishSignUpStep(ctx, { interaction, fields: { response } }) {
    const { ceremony, credential } = await finishRegistration(passkeys, {
      kind: 'sign-up-passkey',
      binding: interactionBinding(interaction.uid),
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    const { id, webauthnUserId, email, name } = ceremony.state;
    checkOpenSignUp(settings, email);
    const account = await createAccount(store, { id, webauthnUserId, email, name, emailVerified: true }, credential);
    await joinNewAccountGroups(store, account.person, null);
    await auditRequest(deps, ctx, {
      type: 'sign_up', personId: account.person.id, email: account.person.email,
      clientId: typeof interaction.params.client_id === 'string' ? interaction.params.client_id : null,
      detail: { credentialId: account.credential.id },
    });
    const redirectTo = await signInAccount(interaction, account.person.id, account.credential, now(), { signedUp: true });
    // The page passes through the offer of a backup passkey (skippable) on its way to `redirectTo`.
    ctx.body = { redirectTo, backupPasskeyAt: backupPasskeyPath(interaction.uid) };
  };
}
