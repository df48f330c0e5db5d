/**
 * The bridge between oidc-provider's adapter interface and the store's `OidcRecords` port.
 * https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js
 *
 * oidc-provider checks `consumed` on the record it read and then calls `consume()`; two concurrent
 * redemptions of one authorization code (or refresh token) can both pass that check. So `consume`
 * here is the store's atomic "not yet consumed" update, and the loser gets `invalid_grant` instead
 * of tokens. A lost race is a replayed code (RFC 6749 §4.1.2, RFC 9700 §4.14), so the loser also
 * revokes the grant, as oidc-provider does when it sees a replay itself.
 *
 * Two things of the provider's own ride on writes oidc-provider makes anyway (`RecordExtras`):
 * - an Interaction that asks for a sign-in is created with its passkey ceremony (`newSignInCeremony`),
 *   so the sign-in page carries its challenge without a request or a write of its own;
 * - a Session is saved with the activity the request recorded for it (`sessionActivity`), e.g. at
 *   every authorization, instead of a record of its own;
 * - the Interaction an authorization request creates carries the hit of that request's rate limit
 *   (`interactionCount`), so counting it costs no write of its own, and past the limit it is not stored.
 *
 * A Session read by its uid is remembered for the rest of the request (requestReads.ts), so the
 * token request's `sid` (sessionIdClaim.ts) comes from the read oidc-provider made; a request that
 * saves or removes a session forgets it.
 */
import Provider, { errors, type Adapter, type AdapterConstructor, type AdapterPayload } from 'oidc-provider';
import { activityRecordedBy } from '../sessions/sessionActivity.js';
import type { CountedLimit, OidcPayload, OidcRecords, RecordExtras, SignInCeremony } from '../store/ports.js';
import { forgetSessionReads, rememberSessionRead } from './requestReads.js';

export interface AdapterHooks {
  /** A fresh ceremony for an Interaction created for the login prompt. */
  newSignInCeremony?: () => SignInCeremony;
  /**
   * The rate limit the request `ctx` counts its interaction against, if any, once
   * (src/rateLimits/limitInteractions.ts); `refused` is set when the store refused the interaction.
   */
  interactionCount?: (ctx: object) => { limit: CountedLimit; refused: boolean } | undefined;
}

export function createOidcAdapter(records: OidcRecords, hooks: AdapterHooks = {}): AdapterConstructor {
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.model === 'Session' && Provider.ctx) forgetSessionReads(Provider.ctx);
      const count = this.model === 'Interaction' && Provider.ctx && hooks.interactionCount ? hooks.interactionCount(Provider.ctx) : undefined;
      const extras = this.extras(payload);
      if (await records.upsert(this.model, id, payload as OidcPayload, expiresIn, count ? { ...extras, limit: count.limit } : extras)) return;
      // Only a counted interaction can be refused: nothing was stored, and the request's own
      // middleware answers with the "too many attempts" page (oidc-provider's answer is replaced).
      if (count) count.refused = true;
      throw new errors.OIDCProviderError(429, 'rate_limited');
    }

    private extras(payload: AdapterPayload): RecordExtras | undefined {
      if (this.model === 'Interaction') {
        const asksToSignIn = payload.result === undefined && (payload.prompt as { name?: string } | undefined)?.name === 'login';
        return asksToSignIn && hooks.newSignInCeremony ? { ceremony: hooks.newSignInCeremony() } : undefined;
      }
      if (this.model === 'Session') {
        const ctx = Provider.ctx;
        const activity = ctx ? activityRecordedBy(ctx) : undefined;
        return activity ? { activity } : undefined;
      }
      return undefined;
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return found(await records.find(this.model, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const payload = found(await records.findByUid(this.model, uid));
      if (this.model === 'Session' && Provider.ctx) rememberSessionRead(Provider.ctx, uid, payload);
      return payload;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return found(await records.findByUserCode(this.model, userCode));
    }

    async consume(id: string): Promise<void> {
      if (await records.consume(this.model, id)) return;
      const record = await records.find(this.model, id);
      if (typeof record?.grantId === 'string') {
        await records.revokeByGrantId(record.grantId);
        await records.destroy('Grant', record.grantId);
      }
      throw new errors.InvalidGrant(`${this.model} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      if (this.model === 'Session' && Provider.ctx) forgetSessionReads(Provider.ctx);
      await records.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await records.revokeByGrantId(grantId);
    }
  };
}

// oidc-provider reads "not found" as undefined, the store says null.
const found = (payload: OidcPayload | null) => (payload ?? undefined) as AdapterPayload | undefined;
