/**
 * Audit event ids sort in the order events were recorded: the time in milliseconds, a counter for
 * events of the same millisecond in this process, and random bits so that instances never collide.
 * Listing newest first is then an index scan on the id, on every engine.
 */
import { randomBytes } from 'node:crypto';

let lastTime = 0;
let counter = 0;

export function newAuditId(at: number): string {
  if (at === lastTime) counter += 1;
  else {
    lastTime = at;
    counter = 0;
  }
  return `${Math.max(0, Math.floor(at)).toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
}
