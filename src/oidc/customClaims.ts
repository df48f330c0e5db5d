/**
 * Custom claims (src/access/customClaims.ts) reach apps beside the standard ones.
 *
 * oidc-provider keeps only the claims named in its `claims` configuration, which is fixed when the
 * provider starts, while administrators name custom claims at any time with the `idp` command. So
 * findAccount hands the custom claims an app may receive over under CUSTOM_CLAIMS (already narrowed
 * to that app: src/access/claims.ts), and the provider's Claims class, which builds both ID tokens
 * and userinfo, adds them to whatever it keeps, as long as it keeps `sub` (the `openid` scope) and
 * the grant did not reject them. Discovery's `claims_supported` lists every custom claim some app
 * may receive, read from the store on each request.
 */
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { customClaimNames } from '../access/claims.js';
import type { CustomClaims, Store } from '../store/ports.js';

/** Where findAccount's claims() puts the app's custom claims (a symbol: copied by object spread, never a claim name). */
export const CUSTOM_CLAIMS = Symbol('customClaims');

interface ClaimsMask {
  available: Record<string | symbol, unknown>;
  rejected(claims?: string[]): void;
  result(): Promise<Record<string, unknown>>;
}

/** Makes the provider's Claims class add the custom claims findAccount gave it. */
export function passCustomClaims(provider: Provider): void {
  const Standard = provider.Claims as unknown as new (...args: unknown[]) => ClaimsMask;
  class ClaimsWithCustom extends Standard {
    private refused = new Set<string>();

    override rejected(claims: string[] = []): void {
      for (const claim of claims) this.refused.add(claim);
      super.rejected(claims);
    }

    override async result(): Promise<Record<string, unknown>> {
      const claims = await super.result();
      const custom = this.available[CUSTOM_CLAIMS] as CustomClaims | undefined;
      if (!custom || claims.sub === undefined) return claims;
      for (const [name, value] of Object.entries(custom)) {
        if (!this.refused.has(name) && !Object.hasOwn(claims, name)) claims[name] = value;
      }
      return claims;
    }
  }
  // An own property in front of the prototype's getter: id_token.js and userinfo.js read `provider.Claims`.
  Object.defineProperty(provider, 'Claims', { value: ClaimsWithCustom, configurable: true });
}

/** Adds every custom claim name some app may receive to discovery's claims_supported. */
export function listCustomClaimsInDiscovery(store: Store): Middleware {
  return async function addCustomClaimsToDiscovery(ctx, next) {
    await next();
    const { oidc } = ctx as unknown as KoaContextWithOIDC;
    if (oidc?.route !== 'discovery' || ctx.status !== 200 || !ctx.body || typeof ctx.body !== 'object') return;
    const body = ctx.body as { claims_supported?: string[] };
    body.claims_supported = [...new Set([...(body.claims_supported ?? []), ...(await customClaimNames(store))])];
  };
}
