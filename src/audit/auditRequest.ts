/** `recordAudit` for a step of a page: the event's IP address and browser are those of the request. */
import type { Context } from 'koa';

import { recordAudit, type AuditDeps, type AuditRecord } from './recordAudit.js';
import { requestOrigin } from './requestOrigin.js';

export async function auditRequest(deps: AuditDeps, ctx: Pick<Context, 'ip' | 'get'>, record: Omit<AuditRecord, 'origin'>): Promise<void> {
  await recordAudit(deps, { ...record, origin: requestOrigin(ctx) });
}
