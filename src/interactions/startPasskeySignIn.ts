/**
 * POST /interaction/:uid/passkey/options — challenge for a passkey sign-in.
 * Without an email: usernameless (discoverable credentials; the button and autofill).
 * With an email: `allowCredentials` lists that person's passkeys, for authenticators that cannot
 * discover credentials. An unknown email gets usernameless options, so the sign-in still works for
 * a person who typed another address of theirs.
 */
import type { Context } from 'koa';

import { readFields } from '../http/readBody.js';
import { startAuthentication } from '../passkeys/startAuthentication.js';
import type { InteractionDeps } from './deps.js';
import { interactionBinding, loadInteraction } from './loadInteraction.js';

export function startPasskeySignIn({ provider, store, passkeys }: InteractionDeps) {
  return async function startPasskeySignInStep(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(provider, ctx);
    const { email } = await readFields(ctx, { email: 'string?' });
    const person = email ? await store.people.findByEmail(email) : null;
    const allowCredentials = person ? await store.credentials.listByPerson(person.id) : [];
    ctx.body = await startAuthentication(passkeys, {
      binding: interactionBinding(interaction.uid),
      purpose: 'authenticate',
      allowCredentials,
    });
  };
}
