import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../log.js';
import type { Store } from './ports.js';

export interface OpenStoreOptions {
  /** Milliseconds since the epoch; every expiry check asks this clock (tests move it). */
  now?: () => number;
  log?: Logger;
}

/**
 * Opens the store named by DATABASE_URL:
 * - `sqlite:PATH` a file, relative to the working directory (its directory is created);
 * - `sqlite::memory:` a private in-memory database, gone when closed (tests);
 * - `mongodb://...` or `mongodb+srv://...` a MongoDB server.
 * Each engine is loaded only when it is chosen: the MongoDB driver alone adds ~24 MB to a process
 * that runs on SQLite.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;

  if (databaseUrl.startsWith('sqlite:')) {
    const { createSqliteStore } = await import('./sqlite/index.js');
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === '') throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/idp.db');
    if (path === ':memory:') return createSqliteStore({ filename: ':memory:', now });
    const filename = resolve(path);
    mkdirSync(dirname(filename), { recursive: true });
    const store = createSqliteStore({ filename, now });
    options.log?.info('store.opened', { engine: 'sqlite', filename });
    return store;
  }

  if (databaseUrl.startsWith('mongodb://') || databaseUrl.startsWith('mongodb+srv://')) {
    const { createMongoStore } = await import('./mongo/index.js');
    const { databaseName } = await import('./mongo/connect.js');
    const store = await createMongoStore({ url: databaseUrl, now, log: options.log });
    // The URL may carry a password: log only the database it names.
    options.log?.info('store.opened', { engine: 'mongo', database: databaseName(databaseUrl) });
    return store;
  }

  // Never echo the URL itself: it may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(databaseUrl)?.[0] ?? '(none)';
  throw new Error(`DATABASE_URL has an unsupported scheme ${scheme}; use sqlite:PATH, mongodb:// or mongodb+srv://`);
}
