/**
 * Recognises a failure of the store itself (unreachable, timed out, locked) as opposed to a bug,
 * so that it becomes a clean 503 "try again" instead of a 500, and nothing is issued.
 */
const unavailableNames = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWriteConcernError',
  'StoreUnavailableError',
]);

const unavailableSqliteCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_FULL']);

export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (unavailableNames.has(current.name)) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && [...unavailableSqliteCodes].some((c) => code.startsWith(c))) return true;
  }
  return false;
}
