/**
 * Step two of sign-up: the code typed on the page (src/accounts/mailedCode). On success the
 * proven address is returned for the passkey step.
 */
import { redeemMailedCode } from '../accounts/mailedCode.js';
import type { Store } from '../store/ports.js';

export interface ProvenAddress { email: string; name: string | null }

export async function confirmSignUpCode(store: Pick<Store, 'ceremonies' | 'rateLimits'>, input: { binding: string; code: string }): Promise<ProvenAddress> {
  const proven = await redeemMailedCode(store, { ...input, expired: 'signup_expired' });
  return { email: String(proven.state.email), name: (proven.state.name as string | null) ?? null };
}
