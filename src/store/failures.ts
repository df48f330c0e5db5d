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
  // Duck-typed rather than `instanceof Error`: a native driver's errors can come from another realm
  // (test runners load modules per file while the driver's addon is loaded once per process).
  type Failure = { name?: unknown; code?: unknown; cause?: unknown };
  for (let current = error as Failure | undefined, depth = 0; typeof current === 'object' && current !== null && depth < 5; current = current.cause as Failure, depth += 1) {
    if (typeof current.name === 'string' && unavailableNames.has(current.name)) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && [...unavailableSqliteCodes].some((c) => code.startsWith(c))) return true;
  }
  return false;
}
