/**
 * Finishes the login prompt for a person who just proved a passkey, and says where the browser
 * goes next (back into oidc-provider, which continues to consent or to the app).
 * `amr` (RFC 8176): the key is a software-synced or hardware-bound one, user presence was tested,
 * and user verification makes it multi-factor. `acr` says phishing-resistant.
 * The result is saved on the interaction the step loaded (loadInteraction), as
 * `provider.interactionResult` would do after loading the same record a second time.
 */
import { PASSKEY_ACR } from '../oidc/createProvider.js';
import type { Credential } from '../store/ports.js';
import type { InteractionDetails } from './loadInteraction.js';

export function passkeyAmr(credential: Pick<Credential, 'backupEligible'>): string[] {
  return [credential.backupEligible ? 'swk' : 'hwk', 'user', 'mfa'];
}

/** What oidc-provider reads from a finished login prompt. */
export function loginResult(personId: string, credential: Pick<Credential, 'backupEligible'>, now: number) {
  // The login time comes from the provider's clock: the account page judges fresh verification by it.
  const ts = Math.floor(now / 1000);
  return { login: { accountId: personId, ts, amr: passkeyAmr(credential), acr: PASSKEY_ACR, remember: true } };
}

export async function signInAccount(
  interaction: InteractionDetails,
  personId: string,
  credential: Pick<Credential, 'backupEligible'>,
  now: number,
): Promise<string> {
  interaction.result = loginResult(personId, credential, now);
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  return interaction.returnTo;
}
