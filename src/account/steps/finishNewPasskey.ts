/**
 * POST /account/passkeys { response } — the new passkey, bound to the account its ceremony was
 * started for, and mailed about. The confirmation must still be fresh now, when the passkey is
 * added, not only when its options were asked for: otherwise options fetched just before the
 * 5 minutes end would stretch them by the ceremony's own 5 minutes.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { sessionBinding } from '../../ceremonies/bindings.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { finishAddingPasskey } from '../addPasskey.js';
import { passkeyName } from '../describePasskeys.js';

export function finishNewPasskey(deps: StepDeps): Step<'fresh', { response: 'object' }> {
  return async function finishNewPasskeyStep(ctx, { signedIn: { session, person }, fields: { response } }) {
    const credential = await finishAddingPasskey(deps, {
      binding: sessionBinding(session),
      person,
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    await auditRequest(deps, ctx, { type: 'passkey_added', personId: person.id, email: person.email, detail: { credentialId: credential.id, name: passkeyName(credential) } });
    ctx.body = { added: true, id: credential.id, name: passkeyName(credential) };
  };
}
