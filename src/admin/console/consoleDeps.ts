/**
 * What a console step hands the administration services (src/admin/): the same store, clock, mailer
 * and log as the pages, a random source, and the administrator signed in as the one who acts.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

import { requestOrigin } from '../../audit/requestOrigin.js';
import type { SignedIn } from '../../sessions/accountSession.js';
import type { StepDeps } from '../../steps/deps.js';
import type { AdminDeps } from '../deps.js';
import { consoleActor, type AdminActor } from '../recordChange.js';

export function adminDeps({ store, now, mailer, settings, log, onAudit, notifyApps }: StepDeps): AdminDeps {
  return { store, now, mailer, settings, log, onAudit, notifyApps, randomBytes: (size) => randomBytes(size) };
}

/** The administrator signed in to the console, acting from this request's address and browser. */
export function actorOf(ctx: Context, { person }: SignedIn): AdminActor {
  return consoleActor(person.id, requestOrigin(ctx));
}
