/**
 * POST /account/passkeys/rename { id, name } — the id is only looked up among the signed-in
 * person's own passkeys.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { renamePasskey } from '../renamePasskey.js';

export function renamePasskeyStep(deps: StepDeps): Step<'signedIn', { id: 'string'; name: 'string' }> {
  return async function renamePasskeyAction(ctx, { signedIn: { person }, fields: { id, name } }) {
    const renamed = await renamePasskey(deps, { personId: person.id, credentialId: id, name });
    await auditRequest(deps, ctx, { type: 'passkey_renamed', personId: person.id, email: person.email, detail: { credentialId: id, name: renamed } });
    ctx.body = { renamed: true, id, name: renamed };
  };
}
