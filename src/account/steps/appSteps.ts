/**
 * POST /account/apps/revoke { clientId } — takes an app's access away: its grants for the account
 * and every token issued under them. Not gated by a fresh verification: it only ever takes access
 * away, and a person who sees an app they do not trust should not have to find their passkey first.
 */
import type { Context } from 'koa';

import { auditRequest } from '../../audit/auditRequest.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { revokeConnectedApp } from '../connectedApps.js';
import { requireSignedIn } from './accountSession.js';

export function revokeAppStep(deps: InteractionDeps) {
  return async function revokeAppAction(ctx: Context): Promise<void> {
    const { clientId } = await readFields(ctx, { clientId: 'string' });
    const { person } = await requireSignedIn(deps, ctx);
    await revokeConnectedApp(deps.store.oidc, { accountId: person.id, clientId });
    deps.log.info('account.app_revoked', { personId: person.id, clientId });
    await auditRequest(deps, ctx, { type: 'app_revoked', personId: person.id, email: person.email, clientId });
    ctx.body = { revoked: true };
  };
}
