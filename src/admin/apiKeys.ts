/**
 * Keys for the admin REST API (/api/admin/v1/), as Pocket ID and Keycloak's service accounts give:
 * - A key is `idpk_<id>_<secret>`: a public id (for listing and revoking) and 256 random bits.
 *   Only the SHA-256 of the secret is kept, so a copy of the database opens nothing; the key is
 *   shown once, when it is created. (A slow hash adds nothing for 256 random bits.)
 * - It is read-only (GET only) or read-write, expires (at most 365 days), and is revoked by
 *   removing it: the next request with it is refused.
 * - A key an administrator made stops working when they stop being an administrator or are disabled.
 * - The last use is recorded at most once a minute per key, so that a busy script does not turn
 *   every read into a write.
 * Sent as `Authorization: Bearer <key>` (RFC 6750 §2.1). The API takes no cookies at all.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { parseDuration } from '../access/duration.js';
import type { AccessDeps } from '../access/deps.js';
import type { ApiKey, ApiKeyScope, Store } from '../store/ports.js';
import type { AdminDeps } from './deps.js';
import { AdminError } from './errors.js';
import { recordAdminChange, type AdminActor } from './recordChange.js';

export const API_KEY_PREFIX = 'idpk_';
export const MAX_API_KEY_MS = 365 * 86_400_000;
export const DEFAULT_API_KEY_LIFETIME = '90d';
const KEY = /^idpk_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;
const LAST_USE_GRANULARITY_MS = 60_000;

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A name says what the key is for ("terraform", "CI deploy"): one line, 1 to 64 characters. */
export function checkApiKeyName(input: string): string {
  const name = input.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 64 || /[\u0000-\u001f\u007f]/.test(name)) throw new AdminError('api_key_name_invalid', `name ${JSON.stringify(input)}`);
  return name;
}

/** `30d`, `12w`… at most 365 days. */
export function parseApiKeyLifetime(input: string): number {
  try {
    return parseDuration(input, MAX_API_KEY_MS);
  } catch {
    throw new AdminError('api_key_lifetime_invalid', `lifetime ${JSON.stringify(input)}`);
  }
}

export interface NewApiKeyRequest {
  name: string;
  /** As typed: `90d`. Default 90 days. */
  expiresIn?: string;
  scope: ApiKeyScope;
  /** The administrator who creates it, or null for the `idp` command. */
  createdBy: string | null;
}

export interface IssuedApiKey {
  apiKey: ApiKey;
  /** The whole key, to send as a bearer token: never stored, shown once. */
  key: string;
}

export async function createApiKey(deps: AccessDeps, request: NewApiKeyRequest): Promise<IssuedApiKey> {
  const name = checkApiKeyName(request.name);
  const lifetimeMs = parseApiKeyLifetime(request.expiresIn ?? DEFAULT_API_KEY_LIFETIME);
  const id = Buffer.from(deps.randomBytes(12)).toString('hex');
  const secret = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const apiKey = await deps.store.apiKeys.insert({
    id, name, secretHash: hashApiKeySecret(secret), scope: request.scope, createdBy: request.createdBy,
    expiresAt: new Date(deps.now() + lifetimeMs),
  });
  return { apiKey, key: `${API_KEY_PREFIX}${id}_${secret}` };
}

/** A key an administrator makes in the console: theirs (it stops when they stop administering), and recorded. */
export async function issueApiKey(deps: AdminDeps, who: AdminActor, request: Omit<NewApiKeyRequest, 'createdBy'>): Promise<IssuedApiKey> {
  const issued = await createApiKey(deps, { ...request, createdBy: who.personId });
  await recordAdminChange(deps, who, { action: 'api_key.create', target: issued.apiKey.id, detail: { name: issued.apiKey.name, scope: issued.apiKey.scope } });
  return issued;
}

export async function withdrawApiKey(deps: AdminDeps, who: AdminActor, id: string): Promise<void> {
  await revokeApiKey(deps.store, id);
  await recordAdminChange(deps, who, { action: 'api_key.revoke', target: id.trim() });
}

export async function listApiKeys(store: Store): Promise<ApiKey[]> {
  return store.apiKeys.list();
}

export async function revokeApiKey(store: Store, id: string): Promise<void> {
  if (!(await store.apiKeys.remove(id.trim()))) throw new AdminError('api_key_not_found', `API key ${id}`);
}

/**
 * The key an `Authorization` header carries, if it is live and its maker may still administer.
 * Throws `api_key_missing` without a bearer key and `api_key_invalid` for anything else, without
 * saying which check failed.
 */
export async function authenticateApiKey(deps: { store: Store; now: () => number }, authorization: string | undefined): Promise<ApiKey> {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new AdminError('api_key_missing');
  const parts = KEY.exec(match[1]!);
  if (!parts) throw new AdminError('api_key_invalid', 'not an API key');
  const apiKey = await deps.store.apiKeys.findById(parts[1]!);
  if (!apiKey) throw new AdminError('api_key_invalid', 'unknown or expired key');
  // Ensure the secret matches, in constant time (both are SHA-256 digests, so of equal length).
  const given = Buffer.from(hashApiKeySecret(parts[2]!));
  const stored = Buffer.from(apiKey.secretHash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw new AdminError('api_key_invalid', `wrong secret for key ${apiKey.id}`);
  if (apiKey.createdBy !== null) {
    const maker = await deps.store.people.findById(apiKey.createdBy);
    if (!maker || !maker.isAdmin || maker.disabledAt) throw new AdminError('api_key_invalid', `key ${apiKey.id}: its maker no longer administers`);
  }
  const now = deps.now();
  if (!apiKey.lastUsedAt || now - apiKey.lastUsedAt.getTime() >= LAST_USE_GRANULARITY_MS) {
    await deps.store.apiKeys.recordUse(apiKey.id, new Date(now));
  }
  return apiKey;
}

/** Ensure the key may do what the request does: read-only keys only read. */
export function checkApiKeyScope(apiKey: ApiKey, method: string): void {
  const reads = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  if (!reads && apiKey.scope !== 'read-write') throw new AdminError('api_key_read_only', `key ${apiKey.id} ${method}`);
}
