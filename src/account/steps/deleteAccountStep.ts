/**
 * POST /account/delete { confirm: "delete" } — deletes the account (fresh verification needed),
 * ends this browser's session, and answers with the removed passkeys' ids and the user handle, so
 * the page can tell the browser's passkey manager they are gone (WebAuthn Signal API).
 */
import type { Context } from 'koa';

import { PublicError } from '../../errors/publicError.js';
import { auditRequest } from '../../audit/auditRequest.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { deleteAccount } from '../deleteAccount.js';
import { clearSessionCookie, requireFresh, requireSignedIn } from './accountSession.js';

export function deleteAccountStep(deps: InteractionDeps) {
  return async function deleteAccountAction(ctx: Context): Promise<void> {
    const { confirm } = await readFields(ctx, { confirm: 'string?' });
    if (confirm !== 'delete') throw new PublicError('delete_not_confirmed');
    const signedIn = await requireSignedIn(deps, ctx);
    await requireFresh(deps, signedIn);
    const { credentialIds } = await deleteAccount(deps, signedIn.person);
    clearSessionCookie(deps.provider, ctx);
    await auditRequest(deps, ctx, { type: 'account_deleted', personId: signedIn.person.id, email: signedIn.person.email, detail: { passkeys: credentialIds.length } });
    ctx.body = { deleted: true, userId: signedIn.person.webauthnUserId, credentialIds };
  };
}
