/**
 * POST /recover/:token/passkey { response } — exactly one passkey added to the link's account
 * (../redeemRecoveryLink.ts). When the link was asked for from an app's sign-in, the answer says
 * where that sign-in continues, with the one-time token that lets it (../continueSignIn.ts).
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { recoveryLinkBinding } from '../../ceremonies/bindings.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import { finishRegistration } from '../../passkeys/finishRegistration.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { allowSignInToContinue } from '../continueSignIn.js';
import { redeemRecoveryLink } from '../redeemRecoveryLink.js';

export function finishRecoveryPasskey(deps: StepDeps): Step<'none', { response: 'object' }> {
  return async function finishRecoveryPasskeyStep(ctx, { fields: { response } }) {
    const binding = recoveryLinkBinding(ctx.params.token);
    const { ceremony, credential } = await finishRegistration(deps.passkeys, {
      kind: 'new-passkey',
      binding,
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    const redeemed = await redeemRecoveryLink(
      {
        store: deps.store, mailer: deps.mailer, log: deps.log, issuer: deps.settings.issuer,
        removeOldPasskeys: deps.settings.recoveryRemovesOldPasskeys, now: deps.now, notifyApps: deps.notifyApps,
      },
      { binding, registeredFor: ceremony.personId, credential },
    );
    await auditRequest(deps, ctx, {
      type: 'recovery_used', personId: redeemed.personId, email: (await deps.store.people.findById(redeemed.personId))?.email ?? null,
      detail: { credentialId: redeemed.credential.id, sessionsEnded: redeemed.signedOut.sessions, appsRevoked: redeemed.signedOut.apps },
    });
    if (!redeemed.interactionUid) {
      ctx.body = { added: true, continueAt: null };
      return;
    }
    const continueToken = await allowSignInToContinue(deps.store, {
      interactionUid: redeemed.interactionUid, personId: redeemed.personId, backupEligible: redeemed.credential.backupEligible, now: deps.now(),
    });
    ctx.body = { added: true, continueAt: `/interaction/${redeemed.interactionUid}/recovered`, continueToken };
  };
}
