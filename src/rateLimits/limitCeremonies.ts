/**
 * Each passkey ceremony started (the options a page fetches before asking the authenticator) stores
 * a challenge. Unlimited, one address could store them as fast as it can ask (500 in 1.9 s). Every
 * step-table row marked as starting a ceremony counts, after its guard and before its step stores
 * anything, against the client's address (CEREMONIES_PER_IP in 5 minutes) and, inside an app's
 * sign-in, against that interaction (CEREMONIES_PER_INTERACTION over its life of an hour). Past
 * either, the answer is 429 `rate_limited` with Retry-After, and nothing is stored.
 */
import type { Context } from 'koa';

import type { RateLimits } from '../store/ports.js';
import { limitAttempts, type Limit } from './limitAttempts.js';

export const CEREMONIES_PER_IP_WINDOW_SECONDS = 5 * 60;
/** The life of an interaction (src/oidc/createProvider.ts, ttl.Interaction): the count outlives none. */
export const CEREMONIES_PER_INTERACTION_WINDOW_SECONDS = 60 * 60;

export interface CeremonyLimitSettings {
  /** 0: no limit per address. */
  perIp: number;
  /** 0: no limit per interaction. */
  perInteraction: number;
}

export async function limitCeremonies(rateLimits: RateLimits, limits: CeremonyLimitSettings, ctx: Context, interactionUid: string | null): Promise<void> {
  const keys: Array<[string, Limit]> = [];
  // The interaction first: a ceremony it refuses is not counted against the address, so one sign-in
  // gone wild does not use up what the address's other sign-ins may start.
  if (interactionUid && limits.perInteraction > 0) {
    keys.push([`ceremonies:interaction:${interactionUid}`, { max: limits.perInteraction, windowSeconds: CEREMONIES_PER_INTERACTION_WINDOW_SECONDS }]);
  }
  if (limits.perIp > 0) keys.push([`ceremonies:${ctx.ip}`, { max: limits.perIp, windowSeconds: CEREMONIES_PER_IP_WINDOW_SECONDS }]);
  await limitAttempts(rateLimits, keys);
}
