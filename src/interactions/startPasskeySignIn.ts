/**
 * POST /interaction/:uid/passkey/options — a new challenge for a passkey sign-in, in place of the
 * one the page came with (src/passkeys/signInCeremony.ts): after a failed attempt, or when it ran out.
 * Without an email: usernameless (discoverable credentials; the button and autofill).
 * With an email: `allowCredentials` lists that person's passkeys, for authenticators that cannot
 * discover credentials. An unknown email gets usernameless options, so the sign-in still works for
 * a person who typed another address of theirs.
 */
import { PublicError } from '../errors/publicError.js';
import { newSignInCeremony, signInOptions } from '../passkeys/signInCeremony.js';
import type { StepDeps } from '../steps/deps.js';
import type { Step } from '../steps/step.js';

export function startPasskeySignIn({ store, passkeys, now }: StepDeps): Step<'interaction', { email: 'string?' }> {
  return async function startPasskeySignInStep(ctx, { interaction, fields: { email } }) {
    const person = email ? await store.people.findByEmail(email) : null;
    const allowCredentials = person ? await store.credentials.listByPerson(person.id) : [];
    const at = now();
    const ceremony = newSignInCeremony(at, allowCredentials);
    if (!(await store.oidc.putCeremony(interaction.uid, ceremony))) throw new PublicError('interaction_expired', 'interaction gone before its ceremony was replaced');
    ctx.body = signInOptions(passkeys.rp, ceremony, at, allowCredentials);
  };
}
