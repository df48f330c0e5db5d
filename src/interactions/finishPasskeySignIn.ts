/**
 * POST /interaction/:uid/passkey/verify — checks the assertion against the challenge of this
 * interaction (src/passkeys/verifyAssertion enforces every rule) and signs the person in.
 * Answers `{ redirectTo }`; the page navigates there.
 */
import type { Context } from 'koa';

import { readFields } from '../http/readBody.js';
import { verifyAssertion } from '../passkeys/verifyAssertion.js';
import type { InteractionDeps } from './deps.js';
import { interactionBinding, loadInteraction } from './loadInteraction.js';
import { signInAccount } from './signInAccount.js';

export function finishPasskeySignIn({ provider, passkeys, now }: InteractionDeps) {
  return async function finishPasskeySignInStep(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(provider, ctx);
    const { response } = await readFields(ctx, { response: 'object' });
    const { person, credential } = await verifyAssertion(passkeys, {
      binding: interactionBinding(interaction.uid),
      purpose: 'authenticate',
      response,
    });
    ctx.body = { redirectTo: await signInAccount(interaction, person.id, credential, now()) };
  };
}
