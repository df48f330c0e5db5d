/**
 * POST /recovery { email, interaction? } — the same answer for any address (../issueRecoveryLink.ts).
 */
import { checkEmail } from '../../access/checkProfile.js';
import { auditRequest } from '../../audit/auditRequest.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { interactionUidFrom } from '../continueSignIn.js';
import { issueRecoveryLink } from '../issueRecoveryLink.js';

export function requestRecoveryLink(deps: StepDeps): Step<'none', { email: 'string'; interaction: 'string?' }> {
  const { store, mailer, settings, now } = deps;
  return async function requestRecoveryLinkStep(ctx, { fields }) {
    const email = checkEmail(fields.email);
    await issueRecoveryLink(
      { store, mailer, issuer: settings.issuer, linkMinutes: settings.recoveryLinkMinutes, now },
      { email, clientIp: ctx.ip, interactionUid: interactionUidFrom(fields.interaction) },
    );
    // Known and unknown addresses are recorded alike (one read, one write), as the link itself is.
    const person = await store.people.findByEmail(email);
    await auditRequest(deps, ctx, { type: 'recovery_requested', personId: person?.id ?? null, email, detail: { account: person !== null } });
    ctx.body = { sent: true, message: `If ${email} belongs to an account, a recovery link is on its way. Check your inbox.` };
  };
}
