/**
 * Finishes the login prompt for a person who just proved a passkey, and says where the browser
 * goes next (back into oidc-provider, which continues to consent or to the app).
 * `amr` (RFC 8176): the key is a software-synced or hardware-bound one, user presence was tested,
 * and user verification makes it multi-factor. `acr` says phishing-resistant.
 */
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import { PASSKEY_ACR } from '../oidc/createProvider.js';
import type { Credential } from '../store/ports.js';

export function passkeyAmr(credential: Pick<Credential, 'backupEligible'>): string[] {
  return [credential.backupEligible ? 'swk' : 'hwk', 'user', 'mfa'];
}

export async function signInAccount(
  provider: Provider,
  ctx: Context,
  personId: string,
  credential: Pick<Credential, 'backupEligible'>,
): Promise<string> {
  return provider.interactionResult(ctx.req, ctx.res, {
    login: { accountId: personId, amr: passkeyAmr(credential), acr: PASSKEY_ACR, remember: true },
  }, { mergeWithLastSubmission: false });
}
