/**
 * POST /account/passkeys/remove { id } — never the last passkey; the id is only looked up among the
 * signed-in person's own passkeys (a sensitive action: its row's guard is `fresh`).
 */
import { auditRequest } from '../../audit/auditRequest.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { passkeyName } from '../describePasskeys.js';
import { removePasskey } from '../removePasskey.js';

export function removePasskeyStep(deps: StepDeps): Step<'fresh', { id: 'string' }> {
  return async function removePasskeyAction(ctx, { signedIn: { person }, fields: { id } }) {
    const removed = await removePasskey(deps, { person, credentialId: id });
    await auditRequest(deps, ctx, { type: 'passkey_removed', personId: person.id, email: person.email, detail: { credentialId: removed.id, name: passkeyName(removed) } });
    ctx.body = { removed: true, id: removed.id, name: passkeyName(removed) };
  };
}
