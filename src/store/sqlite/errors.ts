import { DuplicateError } from '../ports.js';

/**
 * Runs a write and turns a unique-constraint refusal into `DuplicateError`. The constraint is the
 * only judge of uniqueness: checking first and writing after would let two writers both pass.
 * `what` names the duplicate for each constrained column ("people.email_normalized": "email").
 */
export function refuseDuplicates<T>(write: () => T, what: Record<string, string>): T {
  try {
    return write();
  } catch (error) {
    // Matched by code rather than `instanceof`, which breaks when the driver is loaded twice (test runners).
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      const message = (error as Error).message;
      const column = Object.keys(what).find((name) => message.includes(name));
      throw new DuplicateError(column ? what[column] as string : 'record');
    }
    throw error;
  }
}

/** A clock in milliseconds since the epoch. */
export type Clock = () => number;
