/**
 * Per-app access, enforced where codes are issued: an `app_access` prompt in oidc-provider's
 * interaction policy, between sign-in and consent. Whenever an authorization (or device) request
 * is about to succeed for the signed-in person (a fresh sign-in, single sign-on from an existing
 * session, `prompt=none`), the rule of src/access/appAccess.ts decides; a person it refuses gets
 * the refusal page (src/interactions/showPrompt.ts) and the app `access_denied`, and no code is
 * issued. Under `prompt=none` the app gets `access_denied` at once.
 *
 * The token endpoint asks the same rule again (findAccount.ts), so a refresh token stops working
 * when its person leaves the app's allowed groups or is disabled.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

import { decideAppAccess, type AccessDecision } from '../access/appAccess.js';
import { recordAudit, type AuditDeps } from '../audit/recordAudit.js';
import { requestOrigin } from '../audit/requestOrigin.js';
import type { Store } from '../store/ports.js';
import { readsOfRequest } from './requestReads.js';

export const APP_ACCESS_PROMPT = 'app_access';

export type RefusalReason = Extract<AccessDecision, { allowed: false }>['reason'] | 'account_gone';

/**
 * What the refusal page is told (the prompt's details): the reason only. The allowed groups' names
 * are not shown to people outside them.
 */
export interface AppAccessRefusal {
  reason: RefusalReason;
}

export function isAppAccessRefusal(details: unknown): details is AppAccessRefusal {
  return typeof details === 'object' && details !== null && typeof (details as AppAccessRefusal).reason === 'string';
}

/** The decision for the person signed in to this request's session, for its app. */
async function refusalOf(store: Store, ctx: KoaContextWithOIDC): Promise<AppAccessRefusal | null> {
  const accountId = ctx.oidc.session?.accountId;
  const clientId = ctx.oidc.client?.clientId;
  // Nobody signed in yet: the login prompt comes first, and this check runs again after it.
  if (!accountId || !clientId) return null;
  // oidc-provider loads the same person through findAccount in this request (requestReads.ts).
  const reads = readsOfRequest(store, ctx);
  const person = await reads.people.findById(accountId);
  if (!person) return { reason: 'account_gone' };
  const decision = await decideAppAccess(reads, person, clientId);
  return decision.allowed ? null : { reason: decision.reason };
}

const REFUSALS = new WeakMap<KoaContextWithOIDC, AppAccessRefusal | null>();

/** The policy: oidc-provider's login and consent prompts, with app access between them. */
export function createInteractionPolicy(store: Store, audit: AuditDeps): interactionPolicy.DefaultPolicy {
  const { Prompt, Check, base } = interactionPolicy;
  const policy = base();
  const decide = async (ctx: KoaContextWithOIDC): Promise<AppAccessRefusal | null> => {
    if (!REFUSALS.has(ctx)) REFUSALS.set(ctx, await refusalOf(store, ctx));
    return REFUSALS.get(ctx) ?? null;
  };
  const check = new Check('app_access_refused', 'the account may not use this app', 'access_denied', async (ctx) => {
    const refusal = await decide(ctx);
    if (!refusal) return Check.NO_NEED_TO_PROMPT;
    await recordAudit(audit, {
      type: 'sign_in_failed',
      personId: ctx.oidc.session?.accountId ?? null,
      clientId: ctx.oidc.client?.clientId ?? null,
      origin: requestOrigin(ctx),
      detail: { reason: refusal.reason },
    });
    return Check.REQUEST_PROMPT;
  }, async (ctx) => ({ ...(await decide(ctx)) }));
  policy.add(new Prompt({ name: APP_ACCESS_PROMPT, requestable: false }, check), policy.findIndex((prompt) => prompt.name === 'login') + 1);
  return policy;
}
