import type Sqlite from 'better-sqlite3';

/**
 * The schema, as an ordered list of migrations. `PRAGMA user_version` records how many have run,
 * so a file created by an older version is brought up to date when it is opened.
 * Times are stored as milliseconds since the epoch; JSON as text; public keys as BLOB.
 */
export const migrations: string[] = [
  `
  CREATE TABLE people (
    id               TEXT PRIMARY KEY,
    webauthn_user_id TEXT NOT NULL UNIQUE,
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    email_verified   INTEGER NOT NULL,
    name             TEXT,
    created_at       INTEGER NOT NULL
  );

  -- The primary key is the unique index on the credential id (base64url, compared byte for byte).
  CREATE TABLE credentials (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    public_key     BLOB NOT NULL,
    counter        INTEGER NOT NULL,
    transports     TEXT NOT NULL,
    backup_eligible INTEGER NOT NULL,
    backed_up      INTEGER NOT NULL,
    aaguid         TEXT NOT NULL,
    name           TEXT NOT NULL,
    created_in     TEXT,
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER
  );
  CREATE INDEX credentials_person ON credentials(person_id);

  CREATE TABLE ceremonies (
    binding    TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    challenge  TEXT NOT NULL,
    person_id  TEXT,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (binding, purpose)
  );
  CREATE INDEX ceremonies_expiry ON ceremonies(expires_at);

  CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE oidc_records (
    model      TEXT NOT NULL,
    id         TEXT NOT NULL,
    payload    TEXT NOT NULL,
    uid        TEXT,
    user_code  TEXT,
    grant_id   TEXT,
    account_id TEXT,
    consumed   INTEGER,
    expires_at INTEGER,
    PRIMARY KEY (model, id)
  );
  CREATE INDEX oidc_records_uid ON oidc_records(model, uid) WHERE uid IS NOT NULL;
  CREATE INDEX oidc_records_user_code ON oidc_records(model, user_code) WHERE user_code IS NOT NULL;
  CREATE INDEX oidc_records_grant ON oidc_records(grant_id) WHERE grant_id IS NOT NULL;
  CREATE INDEX oidc_records_account ON oidc_records(model, account_id) WHERE account_id IS NOT NULL;
  CREATE INDEX oidc_records_expiry ON oidc_records(expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE rate_limits (
    key        TEXT PRIMARY KEY,
    hits       INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // Who may get in (src/access/): administrators, disabled accounts, profile and custom claims,
  // groups, invitations and per-app access.
  `
  ALTER TABLE people ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE people ADD COLUMN disabled_at INTEGER;
  ALTER TABLE people ADD COLUMN given_name TEXT;
  ALTER TABLE people ADD COLUMN family_name TEXT;
  ALTER TABLE people ADD COLUMN preferred_username TEXT;
  ALTER TABLE people ADD COLUMN picture TEXT;
  ALTER TABLE people ADD COLUMN locale TEXT;
  ALTER TABLE people ADD COLUMN claims TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE people ADD COLUMN updated_at INTEGER;

  CREATE TABLE groups (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    is_default  INTEGER NOT NULL,
    claims      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );

  CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, person_id)
  );
  CREATE INDEX group_members_person ON group_members(person_id);

  -- Only a hash of an invitation's token is kept; redeeming one deletes it (single use).
  CREATE TABLE invitations (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email      TEXT NOT NULL,
    group_ids  TEXT NOT NULL,
    is_admin   INTEGER NOT NULL,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX invitations_expiry ON invitations(expires_at);

  CREATE TABLE app_access (
    client_id         TEXT PRIMARY KEY,
    allowed_group_ids TEXT,
    claims            TEXT NOT NULL
  );
  `,
  // The sign-in page's passkey ceremony lives on its Interaction record, and a browser session's
  // activity on its Session record: each is written by a write that happens anyway. Activity kept
  // until now as records of its own is moved onto the sessions it describes.
  `
  ALTER TABLE oidc_records ADD COLUMN ceremony_challenge TEXT;
  ALTER TABLE oidc_records ADD COLUMN ceremony_allow TEXT;
  ALTER TABLE oidc_records ADD COLUMN ceremony_expires_at INTEGER;
  ALTER TABLE oidc_records ADD COLUMN activity TEXT;
  UPDATE oidc_records AS session SET activity = (
    SELECT json_object('browser', json_extract(seen.payload, '$.browser'), 'lastActiveAt', json_extract(seen.payload, '$.lastActiveAt'))
    FROM oidc_records AS seen
    WHERE seen.model = 'AccountSessionActivity' AND seen.id = session.uid
  ) WHERE session.model = 'Session' AND session.uid IS NOT NULL;
  DELETE FROM oidc_records WHERE model = 'AccountSessionActivity';
  `,
  // Keys for the admin REST API (src/admin/apiKeys.ts): only a hash of each key's secret is kept.
  `
  CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scope        TEXT NOT NULL,
    created_by   TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER
  );
  CREATE INDEX api_keys_expiry ON api_keys(expires_at);
  `,
  // The audit trail (src/audit/): security events, newest first by id, pruned by age.
  `
  CREATE TABLE audit_events (
    id         TEXT PRIMARY KEY,
    at         INTEGER NOT NULL,
    type       TEXT NOT NULL,
    person_id  TEXT,
    email      TEXT,
    client_id  TEXT,
    ip         TEXT,
    browser    TEXT,
    actor      TEXT,
    detail     TEXT NOT NULL
  );
  CREATE INDEX audit_events_person ON audit_events(person_id, id) WHERE person_id IS NOT NULL;
  CREATE INDEX audit_events_email ON audit_events(email, id) WHERE email IS NOT NULL;
  CREATE INDEX audit_events_at ON audit_events(at);
  `,
  // The mail outbox (src/email/mailWorker.ts): mails waiting to be sent, and one row per attempt claimed.
  `
  CREATE TABLE outbox_mails (
    id              TEXT PRIMARY KEY,
    recipient       TEXT NOT NULL,
    template        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text            TEXT NOT NULL,
    html            TEXT NOT NULL,
    state           TEXT NOT NULL,
    round           INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT
  );
  CREATE INDEX outbox_mails_due ON outbox_mails(state, due_at);
  CREATE INDEX outbox_mails_created ON outbox_mails(created_at);
  CREATE TABLE outbox_claims (
    mail_id    TEXT NOT NULL,
    round      INTEGER NOT NULL,
    attempt    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (mail_id, round, attempt)
  );
  `,
];

/**
 * Runs the migrations this file has not seen yet. The version is read inside the same immediate
 * (write-locked) transaction, so two processes opening a new file at once do not both migrate it.
 */
export function migrate(db: Sqlite.Database): void {
  db.transaction(() => {
    const applied = db.pragma('user_version', { simple: true }) as number;
    for (let version = applied; version < migrations.length; version += 1) {
      db.exec(migrations[version] as string);
    }
    if (applied < migrations.length) db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
