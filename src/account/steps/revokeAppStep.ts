/**
 * POST /account/apps/revoke { clientId } — takes an app's access away: its grants for the account
 * and every token issued under them. Not gated by a fresh verification: it only ever takes access
 * away, and a person who sees an app they do not trust should not have to find their passkey first.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { revokeConnectedApp } from '../../access/connectedApps.js';

export function revokeAppStep(deps: StepDeps): Step<'signedIn', { clientId: 'string' }> {
  return async function revokeAppAction(ctx, { signedIn: { person }, fields: { clientId } }) {
    await revokeConnectedApp(deps.store.oidc, { accountId: person.id, clientId });
    deps.log.info('account.app_revoked', { personId: person.id, clientId });
    await auditRequest(deps, ctx, { type: 'app_revoked', personId: person.id, email: person.email, clientId });
    ctx.body = { revoked: true };
  };
}
