/**
 * The `idp` command works on the server's database and never creates one. Run without the server's
 * DATABASE_URL (say, from another directory, so that the default `sqlite:./data/idp.db` names a
 * file that is not there), it would otherwise register apps in a new empty database the server never
 * reads, and the app would then fail with "client is invalid".
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { openStore, type OpenStoreOptions } from '../store/open.js';
import type { Store } from '../store/ports.js';

const HINT = 'The idp command works on the server\'s database and never creates one: run it with the same '
  + 'DATABASE_URL as the server (in the environment, or in the file named by IDP_CONFIG), after the server has started once.';

export class MissingDatabaseError extends Error {
  constructor(where: string) {
    super(`No database ${where}. ${HINT}`);
    this.name = 'MissingDatabaseError';
  }
}

/** Resolves when the database named by `databaseUrl` exists (and has been set up by the server). */
async function requireExisting(databaseUrl: string): Promise<void> {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === '' || path === ':memory:') return;
    if (!existsSync(resolve(path))) throw new MissingDatabaseError(`at ${resolve(path)}`);
    return;
  }
  if (databaseUrl.startsWith('mongodb://') || databaseUrl.startsWith('mongodb+srv://')) {
    const { connect, databaseName } = await import('../store/mongo/connect.js');
    const client = await connect(databaseUrl);
    try {
      const name = databaseName(databaseUrl);
      const collections = await client.db(name).listCollections({}, { nameOnly: true }).toArray();
      // The URL may carry a password: name only the database.
      if (collections.length === 0) throw new MissingDatabaseError(`named "${name}" on that MongoDB server`);
    } finally {
      await client.close();
    }
  }
  // Any other scheme: openStore explains what it accepts.
}

export async function openExistingStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  await requireExisting(databaseUrl);
  return openStore(databaseUrl, options);
}
