/**
 * Finishes the login prompt for a person who just proved a passkey, and says where the browser
 * goes next (back into oidc-provider, which continues to consent or to the app). What the result
 * holds (`amr`, `acr`, the login time) is src/sessions/browserSession.ts's `loginResult`.
 * The result is saved on the interaction the step's guard loaded, as `provider.interactionResult`
 * would do after loading the same record a second time.
 *
 * A sign-in that has just created the account says so in the result (`signedUp`, naming the
 * account): only that sign-in is offered a backup passkey before going back to the app
 * (src/account/backupOffer.ts). An ordinary sign-in or a recovery replaces the whole result, so the
 * offer never opens for them.
 */
import { loginResult } from '../sessions/browserSession.js';
import type { InteractionDetails } from '../steps/loadInteraction.js';
import type { Credential } from '../store/ports.js';

export async function signInAccount(
  interaction: InteractionDetails,
  personId: string,
  credential: Pick<Credential, 'backupEligible'>,
  now: number,
  options: { signedUp?: boolean } = {},
): Promise<string> {
  interaction.result = { ...loginResult(personId, credential, now), ...(options.signedUp ? { signedUp: personId } : {}) };
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  return interaction.returnTo;
}
