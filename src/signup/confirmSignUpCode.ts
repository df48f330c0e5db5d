/**
 * Step two of sign-up: the code typed on the page (src/ceremonies/mailedCode.ts). On success the
 * proven address is returned for the passkey step.
 */
import { redeemMailedCode } from '../ceremonies/mailedCode.js';
import type { Binding } from '../ceremonies/bindings.js';
import type { Store } from '../store/ports.js';

export interface ProvenAddress { email: string; name: string | null }

export async function confirmSignUpCode(store: Pick<Store, 'ceremonies' | 'rateLimits'>, input: { binding: Binding<'interaction'>; code: string }): Promise<ProvenAddress> {
  const proven = await redeemMailedCode(store, { kind: 'sign-up-code', ...input, personId: null, expired: 'signup_expired' });
  return { email: proven.state.email, name: proven.state.name };
}
