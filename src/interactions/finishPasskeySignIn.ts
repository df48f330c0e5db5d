/**
 * POST /interaction/:uid/passkey/verify — checks the assertion against the sign-in ceremony of this
 * interaction (src/passkeys/verifyAssertion enforces every rule) and signs the person in.
 * Answers `{ redirectTo }`; the page navigates there. The sign-in, or its refusal with the reason,
 * goes to the audit trail.
 *
 * The ceremony is used up by the first assertion that answers it: a failed one removes it, and a
 * good one is saved as the interaction's result in the same write that removes it, on condition
 * that it is still there, so of concurrent answers at most one signs in (src/store/ports.ts,
 * `useCeremony`). The passkey's use, when its counter did not move, and the sign-in's audit event
 * ride in that write too: the use on the same compare-and-set as ever (a counter moved meanwhile
 * refuses the sign-in), the event written only with the sign-in it records, and a failure to write
 * it logged and counted, as any audit event's is.
 */
import { requestOrigin } from '../audit/requestOrigin.js';
import { recordRefusedSignIn, reportSignIn, signInEvent, type SignIn } from '../audit/signIns.js';
import { PasskeyError } from '../passkeys/errors.js';
import { changedMeanwhile, checkAssertion, type VerifiedAssertion } from '../passkeys/verifyAssertion.js';
import { loginResult } from '../sessions/browserSession.js';
import type { StepDeps } from '../steps/deps.js';
import type { InteractionDetails } from '../steps/loadInteraction.js';
import type { Step } from '../steps/step.js';
import type { OidcPayload } from '../store/ports.js';

export function finishPasskeySignIn(deps: StepDeps): Step<'interaction', { response: 'object' }> {
  const { store, passkeys, now } = deps;
  return async function finishPasskeySignInStep(ctx, { interaction, fields: { response } }) {
    const clientId = typeof interaction.params.client_id === 'string' ? interaction.params.client_id : null;
    const origin = requestOrigin(ctx);
    const ceremony = await store.oidc.findCeremony(interaction.uid);
    if (!ceremony) throw new PasskeyError('ceremony_expired', `no sign-in ceremony on interaction ${interaction.uid}`);

    let verified: VerifiedAssertion;
    try {
      verified = await checkAssertion(passkeys, { challenge: ceremony.challenge, personId: null, allowCredentialIds: ceremony.allowCredentialIds }, response, { carryUse: true });
    } catch (error) {
      await store.oidc.useCeremony(interaction.uid, ceremony.challenge);
      await recordRefusedSignIn(deps, { error, response, origin, clientId, via: 'sign-in' });
      throw error;
    }

    interaction.result = loginResult(verified.person.id, verified.credential, now());
    const signIn: SignIn = { person: verified.person, origin, clientId, credentialId: verified.credential.id, via: 'sign-in' };
    const audit = await signInEvent(deps, signIn);
    const saved = await store.oidc.useCeremony(interaction.uid, ceremony.challenge, {
      payload: await payloadOf(interaction),
      expiresIn: interaction.exp - Math.floor(Date.now() / 1000),
      audit,
      ...(verified.unrecordedUse ? { credentialUse: { credentialId: verified.credential.id, use: verified.unrecordedUse } } : {}),
    });
    if (!saved) throw new PasskeyError('ceremony_expired', `the ceremony of interaction ${interaction.uid} was used meanwhile`);
    if (!saved.saved) {
      const error = changedMeanwhile(passkeys, verified.credential, verified.unrecordedUse?.newCounter ?? verified.credential.counter);
      await recordRefusedSignIn(deps, { error, response, origin, clientId, via: 'sign-in' });
      throw error;
    }
    ctx.body = { redirectTo: interaction.returnTo };
    await reportSignIn(deps, signIn, audit, saved.auditFailure);
  };
}

/** The record oidc-provider would write for the interaction (what its `save` writes, by the same method). */
async function payloadOf(interaction: InteractionDetails): Promise<OidcPayload> {
  const model = interaction as unknown as { getValueAndPayload(): Promise<{ payload: OidcPayload }> };
  return (await model.getValueAndPayload()).payload;
}
