/**
 * POST /account/name { name } — the display name apps see (`name` claim). Answers with the details
 * the browser's passkey manager should now show (WebAuthn signalCurrentUserDetails).
 */
import { PublicError } from '../../errors/publicError.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { checkName } from '../checkProfile.js';
import { passkeyUserDetails } from '../describePasskeys.js';

export function changeNameStep({ store }: StepDeps): Step<'signedIn', { name: 'string' }> {
  return async function changeNameAction(ctx, { signedIn: { person }, fields }) {
    const changed = await store.people.update(person.id, { name: checkName(fields.name) });
    if (!changed) throw new PublicError('account_signed_out', 'account gone');
    ctx.body = { changed: true, user: passkeyUserDetails(changed) };
  };
}
