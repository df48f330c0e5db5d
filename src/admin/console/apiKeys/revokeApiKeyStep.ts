/** POST /admin/api-keys/:id/revoke — the key stops working at once. Needs a fresh passkey confirmation. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { withdrawApiKey } from '../../apiKeys.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';

export function revokeApiKeyStep(deps: StepDeps): Step<'adminFresh'> {
  return async function revokeApiKey(ctx, { signedIn }) {
    await withdrawApiKey(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, '/admin/api-keys', 'key-revoked');
  };
}
