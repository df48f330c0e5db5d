/**
 * POST /account/delete { confirm: "delete" } — deletes the account (fresh verification needed),
 * ends this browser's session, and answers with the removed passkeys' ids and the user handle, so
 * the page can tell the browser's passkey manager they are gone (WebAuthn Signal API).
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { PublicError } from '../../errors/publicError.js';
import { clearSessionCookie } from '../../sessions/accountSession.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { deleteAccount } from '../../access/deleteAccount.js';

export function deleteAccountStep(deps: StepDeps): Step<'fresh', { confirm: 'string?' }> {
  return async function deleteAccountAction(ctx, { signedIn, fields: { confirm } }) {
    if (confirm !== 'delete') throw new PublicError('delete_not_confirmed');
    const { credentialIds } = await deleteAccount(deps, signedIn.person);
    await auditRequest(deps, ctx, { type: 'account_deleted', personId: signedIn.person.id, email: signedIn.person.email, detail: { passkeys: credentialIds.length } });
    clearSessionCookie(deps.provider, ctx);
    ctx.body = { deleted: true, userId: signedIn.person.webauthnUserId, credentialIds };
  };
}
