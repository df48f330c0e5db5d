/**
 * The bridge between oidc-provider's adapter interface and the store's `OidcRecords` port.
 * https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js
 *
 * oidc-provider checks `consumed` on the record it read and then calls `consume()`; two concurrent
 * redemptions of one authorization code (or refresh token) can both pass that check. So `consume`
 * here is the store's atomic "not yet consumed" update, and the loser gets `invalid_grant` instead
 * of tokens. A lost race is a replayed code (RFC 6749 §4.1.2, RFC 9700 §4.14), so the loser also
 * revokes the grant, as oidc-provider does when it sees a replay itself.
 */
import { errors, type Adapter, type AdapterConstructor, type AdapterPayload } from 'oidc-provider';
import type { OidcPayload, OidcRecords } from '../store/ports.js';

export function createOidcAdapter(records: OidcRecords): AdapterConstructor {
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await records.upsert(this.model, id, payload as OidcPayload, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return found(await records.find(this.model, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return found(await records.findByUid(this.model, uid));
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
      await records.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await records.revokeByGrantId(grantId);
    }
  };
}

// oidc-provider reads "not found" as undefined, the store says null.
const found = (payload: OidcPayload | null) => (payload ?? undefined) as AdapterPayload | undefined;
