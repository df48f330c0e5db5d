/**
 * The storage ports: what the rest of the provider needs from a store, and nothing more.
 *
 * Every engine (sqlite/, mongo/) implements all of them, and one contract suite (test/store/)
 * runs against each. Rules every engine keeps:
 * - `find*` returns `null` for "not found" and throws only on a real failure of the store.
 * - A record past its `expiresAt` is never returned, whether or not it has been swept yet.
 * - Single-use things (ceremonies, authorization codes, recovery tokens) are taken atomically:
 *   of two concurrent takers, exactly one gets the record.
 * - Binary values (public keys) come back as `Uint8Array`, byte for byte.
 */

/** A JSON value, as custom claims hold them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Custom claims set by administrators, by claim name (src/access/customClaims.ts says which names). */
export type CustomClaims = Record<string, JsonValue>;

/** Standard OpenID profile claims a person (or an administrator) may set; null when unset. */
export interface Profile {
  givenName: string | null;
  familyName: string | null;
  preferredUsername: string | null;
  /** An https URL of a picture of the person. */
  picture: string | null;
  /** BCP 47 language tag, e.g. `en-GB`. */
  locale: string | null;
}

/** A person who can sign in. `id` is the OIDC `sub`: random, stable, never derived from the email. */
export interface Person extends Profile {
  id: string;
  /** WebAuthn user handle: 32 random bytes, base64url. */
  webauthnUserId: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  /** Administrators manage people, groups, invitations and apps (src/access/). */
  isAdmin: boolean;
  /** Set while the account is disabled: it cannot sign in and nothing issued to it works. */
  disabledAt: Date | null;
  claims: CustomClaims;
  createdAt: Date;
  /** Last change of anything apps receive about the person (the OIDC `updated_at` claim). */
  updatedAt: Date;
}

export interface NewPerson extends Partial<Profile> {
  id: string;
  webauthnUserId: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  isAdmin?: boolean;
  claims?: CustomClaims;
}

export interface PersonChanges extends Partial<Profile> {
  email?: string;
  emailVerified?: boolean;
  name?: string | null;
  isAdmin?: boolean;
  disabledAt?: Date | null;
  /** Replaces every custom claim of the person. */
  claims?: CustomClaims;
}

/** What may end someone's administration: the flag, or a disabled account. */
export type AdministrationChanges = Pick<PersonChanges, 'isAdmin' | 'disabledAt'>;

/** Whether a person is an administrator who can act: flagged, account not disabled. */
export function isActiveAdministrator(person: Pick<Person, 'isAdmin' | 'disabledAt'>): boolean {
  return person.isAdmin && person.disabledAt === null;
}

export interface People {
  /** Throws `DuplicateError` when the (normalized) email or user handle is already taken. */
  insert(person: NewPerson): Promise<Person>;
  findById(id: string): Promise<Person | null>;
  /** Lookup is case-insensitive: emails are compared in their normalized form. */
  findByEmail(email: string): Promise<Person | null>;
  findByWebauthnUserId(webauthnUserId: string): Promise<Person | null>;
  /** Throws `DuplicateError` when the new email belongs to someone else. Returns null if absent. */
  update(id: string, changes: PersonChanges): Promise<Person | null>;
  /**
   * Applies a change of the administrator flag or of disabling unless it would leave no active
   * administrator (flagged, not disabled): then nothing changes and the answer is
   * 'last_administrator'. Null if the person is absent. Atomic: of changes at once, never all pass
   * if that leaves none, and every change answered with a person is in the store; an answer may be
   * 'last_administrator' while another change at the same instant is under way (refused, never wrong).
   */
  updateUnlessLastAdministrator(id: string, changes: AdministrationChanges): Promise<Person | null | 'last_administrator'>;
  list(): Promise<Person[]>;
  count(): Promise<number>;
  /** Removes the person, every credential they own and their group memberships. */
  remove(id: string): Promise<boolean>;
}

/** A registered passkey. */
export interface Credential {
  /** Credential id, base64url. Unique across all people. */
  id: string;
  personId: string;
  /** Always backed by its own ArrayBuffer (engines return a copy), as WebAuthn verification needs. */
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  /** "Device type" in SimpleWebAuthn: may this credential be synced (backup eligible)? */
  backupEligible: boolean;
  backedUp: boolean;
  aaguid: string;
  /** A name the person can change. */
  name: string;
  /** The browser it was created in, as a short description ("Chrome on Linux"). */
  createdIn: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export type NewCredential = Omit<Credential, 'createdAt' | 'lastUsedAt'>;

export interface CredentialUse {
  /** The counter the caller read; the update applies only if the stored counter still equals it. */
  expectedCounter: number;
  newCounter: number;
  backedUp: boolean;
  usedAt: Date;
}

export interface Credentials {
  /** Throws `DuplicateError` when the id is already registered, to anyone (enforced by a unique index). */
  insert(credential: NewCredential): Promise<Credential>;
  findById(id: string): Promise<Credential | null>;
  listByPerson(personId: string): Promise<Credential[]>;
  /**
   * Compare-and-set of the signature counter, and record of backup state and last use.
   * Returns false (and changes nothing) when the stored counter is no longer `expectedCounter`.
   */
  recordUse(id: string, use: CredentialUse): Promise<boolean>;
  rename(id: string, personId: string, name: string): Promise<boolean>;
  /** Removes only if the credential belongs to `personId`. */
  remove(id: string, personId: string): Promise<boolean>;
  count(): Promise<number>;
}

/**
 * A ceremony in flight: the challenge we handed out, what it is for, and what it is bound to.
 * There is at most one per (binding, purpose); starting a new one replaces the old. The rest of
 * the provider goes through src/ceremonies/, where each kind (the purpose) types its state.
 */
export interface Ceremony {
  /** What the ceremony is bound to, e.g. `interaction:<uid>` or `session:<uid>`. */
  binding: string;
  /** The ceremony's kind (src/ceremonies/kinds.ts); no colon. */
  purpose: string;
  /** base64url challenge (or a code hash for purposes that are not WebAuthn). */
  challenge: string;
  /** The account the ceremony was started for, when there is one. */
  personId: string | null;
  /** Whatever else the step that started it needs back (e.g. a pending sign-up's email). JSON-safe. */
  state: Record<string, unknown>;
  expiresAt: Date;
}

export interface Ceremonies {
  /** Starts (or replaces) the ceremony for its binding and purpose. */
  put(ceremony: Ceremony): Promise<void>;
  /** Reads without consuming (for multi-step flows such as a mailed code). Expired: null. */
  find(binding: string, purpose: string): Promise<Ceremony | null>;
  /** Atomically removes and returns the ceremony; expired or absent: null. Of concurrent takers, one wins. */
  take(binding: string, purpose: string): Promise<Ceremony | null>;
}

/** Named secrets the provider generates once and keeps: signing keys, cookie keys. */
export interface Secrets {
  find(name: string): Promise<unknown | null>;
  /**
   * Stores `value` under `name` unless something is already there, and returns what is stored
   * afterwards. With several instances starting at once, all of them end up with the same value.
   */
  putIfAbsent(name: string, value: unknown): Promise<unknown>;
}

/**
 * The records oidc-provider keeps (its adapter interface, for every model: Session, Grant,
 * AuthorizationCode, AccessToken, RefreshToken, Interaction, Client, ...).
 * https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js
 */
export interface OidcPayload {
  [key: string]: unknown;
  uid?: string;
  userCode?: string;
  grantId?: string;
  accountId?: string;
  consumed?: number;
}

/**
 * The passkey challenge of a sign-in page, kept on its Interaction record rather than beside it:
 * it is created with the interaction (no write of its own), the page carries it, and using it up
 * is the same write that saves who signed in. At most one per interaction.
 */
export interface SignInCeremony {
  /** base64url, from the CSPRNG. */
  challenge: string;
  /** The assertion must come from one of these (email-first sign-in); empty: usernameless. */
  allowCredentialIds: string[];
  expiresAt: Date;
}

/** When and in which browser a browser session was last used, kept on its Session record. */
export interface SessionActivity {
  browser: string | null;
  /** Milliseconds since the epoch. */
  lastActiveAt: number;
}

/** What the provider keeps on oidc-provider's records beside their payload. */
export interface RecordExtras {
  /** Stored only when the record is created (an Interaction); later upserts keep what is stored. */
  ceremony?: SignInCeremony;
  /** Replaces the stored activity (a Session); an upsert without it keeps the stored one. */
  activity?: SessionActivity;
  /** A hit counted in the same write; past its `max` the record is not stored (an Interaction per address). */
  limit?: CountedLimit;
}

/** What a sign-in saves on its Interaction when it uses the ceremony up (`OidcRecords.useCeremony`). */
export interface InteractionSave {
  payload: OidcPayload;
  expiresIn: number;
  /**
   * The sign-in's audit event, written with the interaction (one transaction on SQLite; on MongoDB,
   * which has no transactions here, an insert right after it). Written only if the save was.
   */
  audit?: AuditEvent;
  /**
   * The use of the passkey that signed in, when its signature counter did not move (a synced
   * passkey's stays 0) but its backup state or last use is to be written: written with the sign-in,
   * as `Credentials.recordUse` writes it, on condition that the stored counter is still the one read.
   */
  credentialUse?: { credentialId: string; use: CredentialUse };
}

/** A ceremony used up. The save stands even when its audit event could not be written. */
export interface CeremonyUse {
  /**
   * False only when `credentialUse` found the passkey changed (its counter moved meanwhile, or it is
   * gone): the ceremony is used up all the same, and nothing else is written.
   */
  saved: boolean;
  /** Why the audit event was not written; null when it was, or when there was none. */
  auditFailure: Error | null;
}

/**
 * A rate limit counted by the write that creates a record (`RecordExtras.limit`): one hit on `key`
 * in a fixed window, as `RateLimits.hit` counts it, and the record stored only while the hits in
 * the window are at most `max`.
 */
export interface CountedLimit {
  key: string;
  windowSeconds: number;
  max: number;
}

export interface OidcRecords {
  /**
   * `expiresIn` in seconds; undefined means it does not expire (Clients). Resolves to false only when
   * `extras.limit` refused the record: its hit is counted, and nothing else is stored.
   */
  upsert(model: string, id: string, payload: OidcPayload, expiresIn?: number, extras?: RecordExtras): Promise<boolean>;
  /** The live sign-in ceremony of a live Interaction; expired, used or absent: null. */
  findCeremony(interactionId: string): Promise<SignInCeremony | null>;
  /** Gives a live Interaction a new ceremony in place of its old one; false when the interaction is gone. */
  putCeremony(interactionId: string, ceremony: SignInCeremony): Promise<boolean>;
  /**
   * Uses the Interaction's ceremony up, if it is live and still has `challenge`, and with `save` stores
   * the interaction's new payload in the same write, with the audit event of the sign-in when given.
   * Of concurrent callers, exactly one gets a `CeremonyUse`; the others get null.
   */
  useCeremony(interactionId: string, challenge: string, save?: InteractionSave): Promise<CeremonyUse | null>;
  /** Records activity on a live Session (by its id); false when it is gone. */
  recordActivity(sessionId: string, activity: SessionActivity): Promise<boolean>;
  find(model: string, id: string): Promise<OidcPayload | null>;
  findByUid(model: string, uid: string): Promise<OidcPayload | null>;
  findByUserCode(model: string, userCode: string): Promise<OidcPayload | null>;
  /** Marks as consumed only if not consumed yet; returns false when it already was (or is gone). */
  consume(model: string, id: string): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  /** Removes every record of any model that carries this grantId. */
  revokeByGrantId(grantId: string): Promise<void>;
  /** Live records of one model, optionally only those of one account (Sessions, Grants). */
  list(model: string, filter?: { accountId?: string }): Promise<Array<{ id: string; payload: OidcPayload; activity: SessionActivity | null }>>;
  /** Removes every live record of `model` belonging to `accountId`; returns how many. */
  destroyByAccount(model: string, accountId: string): Promise<number>;
  count(model: string): Promise<number>;
}

/** Counters for rate limits, shared by every instance behind one store. */
export interface RateLimits {
  /** Adds one hit to `key` in a fixed window of `windowSeconds`; returns the hits in the window so far. */
  hit(key: string, windowSeconds: number): Promise<number>;
}

/** A named group of people: apps may be restricted to groups, and apps receive a person's group names. */
export interface Group {
  id: string;
  /** Unique; lower case, as apps see it in the `groups` claim (src/access/names.ts says which names). */
  name: string;
  description: string | null;
  /** New accounts join default groups when they are created. */
  isDefault: boolean;
  claims: CustomClaims;
  createdAt: Date;
}

export interface NewGroup {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  claims?: CustomClaims;
}

export interface GroupChanges {
  description?: string | null;
  isDefault?: boolean;
  /** Replaces every custom claim of the group. */
  claims?: CustomClaims;
}

export interface Groups {
  /** Throws `DuplicateError` when the name is taken. */
  insert(group: NewGroup): Promise<Group>;
  findById(id: string): Promise<Group | null>;
  findByName(name: string): Promise<Group | null>;
  /** By name. */
  list(): Promise<Group[]>;
  update(id: string, changes: GroupChanges): Promise<Group | null>;
  /** Removes the group and every membership in it. */
  remove(id: string): Promise<boolean>;
  /** False when the person already was a member. The caller checks that both exist. */
  addMember(groupId: string, personId: string): Promise<boolean>;
  removeMember(groupId: string, personId: string): Promise<boolean>;
  /** Person ids, in the order they joined. */
  listMembers(groupId: string): Promise<string[]>;
  /** The groups a person is in, by name. */
  listByPerson(personId: string): Promise<Group[]>;
}

/**
 * An invitation to create an account: a single-use link mailed (or handed) to one address.
 * Only a hash of the link's token is kept.
 */
export interface Invitation {
  /** Public id, for listing and revoking; not the token. */
  id: string;
  tokenHash: string;
  email: string;
  /** Group ids the new account joins. */
  groupIds: string[];
  isAdmin: boolean;
  /** Who created it: a person id, or null for the `idp` command. */
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export type NewInvitation = Omit<Invitation, 'createdAt'>;

export interface Invitations {
  /** Throws `DuplicateError` when the id or token hash is taken. */
  insert(invitation: NewInvitation): Promise<Invitation>;
  /** Reads without redeeming. Expired: null. */
  findByTokenHash(tokenHash: string): Promise<Invitation | null>;
  /** Redeems: atomically removes and returns it; expired or absent: null. Of concurrent takers, one wins. */
  take(tokenHash: string): Promise<Invitation | null>;
  /** Live invitations, oldest first. */
  list(): Promise<Invitation[]>;
  /** Revokes. False when there was none (or it was already redeemed). */
  remove(id: string): Promise<boolean>;
}

/**
 * Who may use an app and which custom claims it receives. An app without a record is open to
 * every account and receives no custom claims.
 */
export interface AppAccess {
  clientId: string;
  /** Group ids whose members may sign in to the app; null: every account may. */
  allowedGroupIds: string[] | null;
  /** Names of the custom claims the app receives. */
  claims: string[];
}

export interface AppAccessRules {
  find(clientId: string): Promise<AppAccess | null>;
  /** Creates or replaces the app's record. */
  put(access: AppAccess): Promise<void>;
  remove(clientId: string): Promise<boolean>;
  list(): Promise<AppAccess[]>;
}

/** What an API key may do: read only, or read and change. */
export type ApiKeyScope = 'read-only' | 'read-write';

/**
 * A key for the admin REST API (src/admin/apiKeys.ts). Only a hash of its secret is kept; the key
 * is shown once, when it is created. Revoking removes it.
 */
export interface ApiKey {
  /** Public id, part of the key as sent, for listing and revoking. */
  id: string;
  name: string;
  /** SHA-256 of the secret part, base64url. */
  secretHash: string;
  scope: ApiKeyScope;
  /** The administrator who created it, or null for the `idp` command. */
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
}

export type NewApiKey = Omit<ApiKey, 'createdAt' | 'lastUsedAt'>;

export interface ApiKeys {
  /** Throws `DuplicateError` when the id is taken. */
  insert(key: NewApiKey): Promise<ApiKey>;
  /** Expired: null. */
  findById(id: string): Promise<ApiKey | null>;
  /** Live keys, oldest first. */
  list(): Promise<ApiKey[]>;
  /** Sets the last use; false when the key is gone. */
  recordUse(id: string, usedAt: Date): Promise<boolean>;
  /** Revokes at once. False when there was none. */
  remove(id: string): Promise<boolean>;
}

/**
 * One security event in the audit trail (src/audit/): who did what, when, from where. Events are
 * never changed; they are removed only once older than the retention (AUDIT_RETENTION_DAYS).
 */
export interface AuditEvent {
  /** Sortable: events are listed newest first by id (src/audit/auditIds.ts). */
  id: string;
  at: Date;
  /** What happened (src/audit/events.ts lists every type). */
  type: string;
  /** The account it happened to, when there is one. */
  personId: string | null;
  /** That account's address at the time, normalized (it outlives the account). */
  email: string | null;
  /** The relying app involved, when there is one. */
  clientId: string | null;
  /** The client address, from the trusted end of X-Forwarded-For. */
  ip: string | null;
  /** A short description of the browser ("Chrome on Linux"). */
  browser: string | null;
  /** Who acted, when not the account's owner: `cli:<user>` for the idp command, or an administrator. */
  actor: string | null;
  detail: Record<string, JsonValue>;
}

/** Every field is an equality filter; `undefined` does not filter, `null` matches a missing value. */
export interface AuditFilter {
  personId?: string;
  email?: string;
  types?: string[];
  ip?: string | null;
  browser?: string | null;
  /** Only events at or after this time. */
  since?: Date;
  limit: number;
}

export interface AuditTrail {
  /** Throws `DuplicateError` when the id is taken. */
  insert(event: AuditEvent): Promise<void>;
  /** Newest first, at most `limit`. */
  list(filter: AuditFilter): Promise<AuditEvent[]>;
  /** Removes every event before `before`; returns how many. */
  removeBefore(before: Date): Promise<number>;
}

/** Where a mail is in the outbox (src/email/mailWorker.ts): waiting to be sent, sent, or given up on. */
export type MailState = 'queued' | 'sent' | 'failed';

/**
 * A mail in the outbox, rendered and ready to hand to SMTP as it is. Once sent, its text and HTML
 * are erased: they hold codes and links, and only the envelope and subject are kept.
 */
export interface QueuedMail {
  id: string;
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  state: MailState;
  /** 0, and one more each time an operator sends a failed mail again: attempts count per round. */
  round: number;
  /** Attempts made in this round. */
  attempts: number;
  /** When the next attempt is due (a queued mail). */
  dueAt: Date;
  createdAt: Date;
  /** When the last attempt ended. */
  lastAttemptAt: Date | null;
  /** Why the last attempt failed: the SMTP code and reply, never the mail. */
  lastError: string | null;
}

export type NewQueuedMail = Pick<QueuedMail, 'id' | 'to' | 'template' | 'subject' | 'text' | 'html' | 'dueAt' | 'createdAt'>;

/** One attempt at one mail: exactly one instance may make it. */
export interface MailAttempt {
  mailId: string;
  round: number;
  attempt: number;
}

/** How an attempt ended, written by the holder of its claim only. */
export interface MailAttemptOutcome extends MailAttempt {
  state: MailState;
  /** The next attempt, for a mail that stays queued. */
  dueAt: Date;
  at: Date;
  error: string | null;
}

export interface MailOutbox {
  /** Keeps a mail until it is sent; resolves once it is durable. Throws `DuplicateError` when the id is taken. */
  enqueue(mail: NewQueuedMail): Promise<void>;
  find(id: string): Promise<QueuedMail | null>;
  /** Queued mails due at `now`, the longest due first. */
  listDue(now: Date, limit: number): Promise<QueuedMail[]>;
  /** Newest first. */
  list(filter: { state?: MailState; limit: number }): Promise<QueuedMail[]>;
  countByState(): Promise<Record<MailState, number>>;
  /**
   * Takes an attempt until `expiresAt`: true for exactly one of any number of concurrent callers,
   * false for everyone else, for ever (an expired claim is not taken again: the attempt counts as
   * made, and the next one is claimed instead).
   */
  claim(attempt: MailAttempt, expiresAt: Date): Promise<boolean>;
  /** Until when an attempt is claimed; null when nobody claimed it. */
  findClaim(attempt: MailAttempt): Promise<Date | null>;
  /** Records the outcome of an attempt; ignored when the mail has moved to another round meanwhile. */
  recordAttempt(outcome: MailAttemptOutcome): Promise<void>;
  /** Puts a failed mail back in the queue, in a new round, due at `dueAt`; false when it is not failed. */
  requeue(id: string, dueAt: Date): Promise<boolean>;
  /** Removes sent and failed mails whose last attempt ended before `before`, with their claims; returns how many mails. */
  removeBefore(before: Date): Promise<number>;
}

export interface Store {
  readonly engine: 'sqlite' | 'mongo';
  readonly apiKeys: ApiKeys;
  readonly people: People;
  readonly groups: Groups;
  readonly invitations: Invitations;
  readonly appAccess: AppAccessRules;
  readonly credentials: Credentials;
  readonly ceremonies: Ceremonies;
  readonly secrets: Secrets;
  readonly oidc: OidcRecords;
  readonly rateLimits: RateLimits;
  readonly audit: AuditTrail;
  readonly outbox: MailOutbox;
  /** Cheap round trip to the store, for /readyz. Throws when the store is unreachable. */
  ping(): Promise<void>;
  /** Removes expired records. Engines that expire records natively may do nothing. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/** A unique constraint refused the write (e.g. a credential id or email that is already taken). */
export class DuplicateError extends Error {
  constructor(readonly what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}

/** Emails are compared in this form: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The record model of a consent remembered per person and app (src/access/rememberedConsents.ts). */
export const CONSENT_MODEL = 'RememberedConsent';
