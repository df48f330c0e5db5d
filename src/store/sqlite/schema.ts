import type Sqlite from 'better-sqlite3';

/**
 * The schema, as an ordered list of migrations. `PRAGMA user_version` records how many have run,
 * so a file created by an older version is brought up to date when it is opened.
 * Times are stored as milliseconds since the epoch; JSON as text; public keys as BLOB.
 */
const migrations: string[] = [
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
