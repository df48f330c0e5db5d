/**
 * RFC 8628 §5.1: a user code is short enough to type, so guessing one must be slowed down. Every
 * code entered at /device counts against the client's address (shared by every instance through
 * the store); past the limit the person sees the plain "too many attempts" page (the error boundary
 * renders PublicError) and oidc-provider never looks the code up. With 8 characters from 20 letters
 * (20^8 ≈ 2.6·10^10 codes) and at most 20 guesses per 5 minutes per address, guessing a live code
 * from one address is hopeless.
 */
import type { Context, Next } from 'koa';

import { limitAttempts } from '../rateLimits/limitAttempts.js';
import type { RateLimits } from '../store/ports.js';

export const DEVICE_PATH = '/device';
export const CODE_GUESSES = { max: 20, windowSeconds: 5 * 60 };

export function limitCodeGuesses(rateLimits: RateLimits) {
  return async function limitDeviceCodeGuesses(ctx: Context, next: Next): Promise<void> {
    if (ctx.method === 'POST' && ctx.path === DEVICE_PATH) {
      await limitAttempts(rateLimits, [[`device-code:${ctx.ip}`, CODE_GUESSES]]);
    }
    await next();
  };
}
