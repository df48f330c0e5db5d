import { DuplicateError } from '../ports.js';

/** A clock in milliseconds since the epoch. */
export type Clock = () => number;

/**
 * A unique index (or `_id`) refused the write: E11000 from MongoDB, and from FerretDB on insert.
 * On update FerretDB v1 passes its backend's refusal through as an InternalError instead
 * ("UNIQUE constraint failed" from SQLite, "duplicate key value" from PostgreSQL).
 */
export function isDuplicateKey(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === 11000) return true;
  return code === 1 && typeof message === 'string' && /UNIQUE constraint failed|duplicate key value/.test(message);
}

/**
 * Runs a write and turns a unique-index refusal into `DuplicateError`. The index is the only
 * judge of uniqueness: checking first and writing after would let two writers both pass.
 * `what` names the duplicate for each indexed field; MongoDB says which one in `keyPattern`,
 * FerretDB does not, and then `fallback` names it.
 */
export async function refuseDuplicates<T>(write: () => Promise<T>, what: Record<string, string>, fallback: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // Matched by code rather than `instanceof`, which breaks when the driver is loaded twice (test runners).
    if (!isDuplicateKey(error)) throw error;
    const fields = Object.keys((error as { keyPattern?: object }).keyPattern ?? {});
    const field = fields.find((name) => name in what);
    throw new DuplicateError(field ? what[field] as string : fallback);
  }
}
