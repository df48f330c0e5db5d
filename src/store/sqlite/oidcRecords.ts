import type Sqlite from 'better-sqlite3';
import type { AuditEvent, CeremonyUse, InteractionSave, OidcPayload, OidcRecords, SessionActivity, SignInCeremony } from '../ports.js';
import { prepareAuditInsert } from './auditTrail.js';
import { prepareRecordUse } from './credentials.js';
import type { Clock } from './errors.js';
import { prepareHit } from './rateLimits.js';

interface RecordRow {
  id: string;
  payload: string;
  consumed: number | null;
  activity: string | null;
}

interface CeremonyRow {
  ceremony_challenge: string;
  ceremony_allow: string;
  ceremony_expires_at: number;
}

function toPayload(row: RecordRow): OidcPayload {
  const payload = JSON.parse(row.payload) as OidcPayload;
  return row.consumed === null ? payload : { ...payload, consumed: row.consumed };
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The records behind oidc-provider's models. The payload is kept whole as JSON; the fields it is
 * looked up by are copied into indexed columns. `consumed` lives in its own column so that
 * consuming is one conditional UPDATE, and once set it survives later upserts: a code cannot be
 * made fresh again. Every read leaves out records past `expires_at`, swept or not.
 * An Interaction's sign-in ceremony and a Session's activity have columns of their own, which an
 * upsert of the payload leaves alone; using a ceremony up is one conditional UPDATE.
 * Writes of other tables ride in the transaction of a write that happens anyway (one commit): the
 * hit of a rate limit counted by the creation of a record (`RecordExtras.limit`), and the passkey's
 * use and the audit event of the sign-in that uses a ceremony up (`InteractionSave`). The event is
 * written in a savepoint of its own: should it fail, the sign-in is saved still, and the caller
 * reports the event.
 */
export function createOidcRecords(db: Sqlite.Database, now: Clock): OidcRecords {
  const live = '(expires_at IS NULL OR expires_at > @now)';
  const upsert = db.prepare(
    `INSERT INTO oidc_records (model, id, payload, uid, user_code, grant_id, account_id, consumed, expires_at,
       ceremony_challenge, ceremony_allow, ceremony_expires_at, activity)
     VALUES (@model, @id, @payload, @uid, @userCode, @grantId, @accountId, @consumed, @expiresAt,
       @ceremonyChallenge, @ceremonyAllow, @ceremonyExpiresAt, @activity)
     ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, uid = excluded.uid,
       user_code = excluded.user_code, grant_id = excluded.grant_id, account_id = excluded.account_id,
       consumed = COALESCE(oidc_records.consumed, excluded.consumed), expires_at = excluded.expires_at,
       activity = COALESCE(excluded.activity, oidc_records.activity)`,
  );
  const select = (where: string) => db.prepare(
    `SELECT id, payload, consumed, activity FROM oidc_records WHERE model = @model AND ${where} AND ${live} ORDER BY rowid`,
  );
  const ceremonyLive = `model = 'Interaction' AND id = @id AND ${live} AND ceremony_expires_at > @now`;
  const findCeremony = db.prepare(
    `SELECT ceremony_challenge, ceremony_allow, ceremony_expires_at FROM oidc_records WHERE ${ceremonyLive}`,
  );
  const putCeremony = db.prepare(
    `UPDATE oidc_records SET ceremony_challenge = @challenge, ceremony_allow = @allow, ceremony_expires_at = @ceremonyExpiresAt
     WHERE model = 'Interaction' AND id = @id AND ${live}`,
  );
  const clearCeremony = 'ceremony_challenge = NULL, ceremony_allow = NULL, ceremony_expires_at = NULL';
  const useCeremony = db.prepare(
    `UPDATE oidc_records SET ${clearCeremony} WHERE ${ceremonyLive} AND ceremony_challenge = @challenge`,
  );
  const saveInteraction = db.prepare(
    `UPDATE oidc_records SET payload = @payload, expires_at = @expiresAt WHERE model = 'Interaction' AND id = @id`,
  );
  const recordActivity = db.prepare(
    `UPDATE oidc_records SET activity = @activity WHERE model = 'Session' AND id = @id AND ${live}`,
  );
  const find = select('id = @id');
  const findByUid = select('uid = @uid');
  const findByUserCode = select('user_code = @userCode');
  const list = select('1 = 1');
  const listByAccount = select('account_id = @accountId');
  const consume = db.prepare(
    `UPDATE oidc_records SET consumed = @consumed WHERE model = @model AND id = @id AND consumed IS NULL AND ${live}`,
  );
  const destroy = db.prepare('DELETE FROM oidc_records WHERE model = @model AND id = @id');
  const revokeByGrantId = db.prepare('DELETE FROM oidc_records WHERE grant_id = @grantId');
  const destroyByAccount = db.prepare(
    `DELETE FROM oidc_records WHERE model = @model AND account_id = @accountId AND ${live}`,
  );
  const count = db.prepare(`SELECT COUNT(*) FROM oidc_records WHERE model = @model AND ${live}`).pluck();

  const one = (row: unknown) => (row ? toPayload(row as RecordRow) : null);
  const hit = prepareHit(db, now);
  const insertAudit = prepareAuditInsert(db);
  const recordAudit = db.transaction((event: AuditEvent) => insertAudit(event));
  const upsertCounted = db.transaction((values: Record<string, unknown>, limit: { key: string; windowSeconds: number; max: number }) => {
    if (hit(limit.key, limit.windowSeconds) > limit.max) return false;
    upsert.run(values);
    return true;
  });
  const recordUse = prepareRecordUse(db);
  // The ceremony is used up first, and stays used whatever follows.
  const useAndSave = db.transaction((id: string, challenge: string, at: number, save: InteractionSave): CeremonyUse | null => {
    if (useCeremony.run({ id, challenge, now: at }).changes !== 1) return null;
    const { credentialUse, audit } = save;
    if (credentialUse && !recordUse(credentialUse.credentialId, credentialUse.use)) return { saved: false, auditFailure: null };
    saveInteraction.run({ id, payload: JSON.stringify(save.payload), expiresAt: at + save.expiresIn * 1000 });
    if (!audit) return { saved: true, auditFailure: null };
    try {
      recordAudit(audit);
      return { saved: true, auditFailure: null };
    } catch (error) {
      return { saved: true, auditFailure: error as Error };
    }
  });

  return {
    async upsert(model, id, payload, expiresIn, extras = {}) {
      const at = now();
      const { ceremony, activity, limit } = extras;
      const values = {
        model,
        id,
        payload: JSON.stringify(payload),
        uid: text(payload.uid),
        userCode: text(payload.userCode),
        grantId: text(payload.grantId),
        accountId: text(payload.accountId),
        consumed: typeof payload.consumed === 'number' ? payload.consumed : null,
        expiresAt: typeof expiresIn === 'number' ? at + expiresIn * 1000 : null,
        ceremonyChallenge: ceremony?.challenge ?? null,
        ceremonyAllow: ceremony ? JSON.stringify(ceremony.allowCredentialIds) : null,
        ceremonyExpiresAt: ceremony?.expiresAt.getTime() ?? null,
        activity: activity ? JSON.stringify(activity) : null,
      };
      if (limit) return upsertCounted(values, limit);
      upsert.run(values);
      return true;
    },
    async findCeremony(id) {
      const row = findCeremony.get({ id, now: now() }) as CeremonyRow | undefined;
      if (!row?.ceremony_challenge) return null;
      return {
        challenge: row.ceremony_challenge,
        allowCredentialIds: JSON.parse(row.ceremony_allow) as string[],
        expiresAt: new Date(row.ceremony_expires_at),
      };
    },
    async putCeremony(id, ceremony: SignInCeremony) {
      return putCeremony.run({
        id, now: now(), challenge: ceremony.challenge, allow: JSON.stringify(ceremony.allowCredentialIds), ceremonyExpiresAt: ceremony.expiresAt.getTime(),
      }).changes === 1;
    },
    async useCeremony(id, challenge, save) {
      const at = now();
      if (!save) return useCeremony.run({ id, challenge, now: at }).changes === 1 ? { saved: true, auditFailure: null } : null;
      return useAndSave(id, challenge, at, save);
    },
    async recordActivity(id, activity: SessionActivity) {
      return recordActivity.run({ id, now: now(), activity: JSON.stringify(activity) }).changes === 1;
    },
    async find(model, id) {
      return one(find.get({ model, id, now: now() }));
    },
    async findByUid(model, uid) {
      return one(findByUid.get({ model, uid, now: now() }));
    },
    async findByUserCode(model, userCode) {
      return one(findByUserCode.get({ model, userCode, now: now() }));
    },
    async consume(model, id) {
      const at = now();
      // Seconds since the epoch, as oidc-provider writes `consumed` itself.
      return consume.run({ model, id, now: at, consumed: Math.floor(at / 1000) }).changes === 1;
    },
    async destroy(model, id) {
      destroy.run({ model, id });
    },
    async revokeByGrantId(grantId) {
      revokeByGrantId.run({ grantId });
    },
    async list(model, filter = {}) {
      const rows = filter.accountId === undefined
        ? list.all({ model, now: now() })
        : listByAccount.all({ model, accountId: filter.accountId, now: now() });
      return (rows as RecordRow[]).map((row) => ({
        id: row.id, payload: toPayload(row), activity: row.activity ? JSON.parse(row.activity) as SessionActivity : null,
      }));
    },
    async destroyByAccount(model, accountId) {
      return destroyByAccount.run({ model, accountId, now: now() }).changes;
    },
    async count(model) {
      return count.get({ model, now: now() }) as number;
    },
  };
}
