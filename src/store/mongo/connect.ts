import { MongoClient, type MongoClientOptions } from 'mongodb';

/**
 * Driver settings chosen for failures:
 * - retryable writes: a write cut off by a failover or a dropped connection is sent once more;
 * - majority write concern: an acknowledged write survives the loss of the primary, so a code or
 *   token we handed out is not rolled back;
 * - server selection gives up after 5 s, well inside the 30 s HTTP request timeout, so an
 *   unreachable store becomes a clean 503 rather than a hung request.
 * Connection failures are left as the driver's own errors (MongoServerSelectionError,
 * MongoNetworkError, ...): `isStoreUnavailable` recognises them by name.
 */
export const clientOptions: MongoClientOptions = {
  retryWrites: true,
  writeConcern: { w: 'majority' },
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  appName: 'passkey-idp',
  // A field left undefined is left out, as JSON.stringify does, not stored as null.
  ignoreUndefined: true,
};

/** The database named in the URL path (`mongodb://host/NAME?options`), or `idp` when there is none. */
export function databaseName(url: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/?([^?#]*)/.exec(url)?.[1] ?? '';
  return path === '' ? 'idp' : decodeURIComponent(path);
}

/** Connects, so that a wrong address or refused credentials fail at boot, not at the first request. */
export async function connect(url: string): Promise<MongoClient> {
  const client = new MongoClient(url, clientOptions);
  await client.connect();
  return client;
}
