/**
 * The person's details:
 *   POST /account/name         { name } the display name apps see (`name` claim)
 *   POST /account/email        { email } a code to the new address (fresh verification needed)
 *   POST /account/email/code   { code } the address is changed; the old one is told
 * Each answers with the details the browser's passkey manager should now show
 * (WebAuthn signalCurrentUserDetails: the user handle, the email as name, the display name).
 */
import type { Context } from 'koa';

import { checkName } from '../../accounts/checkProfile.js';
import { emailChangeBinding } from '../../ceremonies/bindings.js';
import { PublicError } from '../../errors/publicError.js';
import { auditRequest } from '../../audit/auditRequest.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import type { Person } from '../../store/ports.js';
import { confirmEmailChange, requestEmailChange } from '../changeEmail.js';
import { requireFresh, requireSignedIn } from './accountSession.js';

function userDetails(person: Person) {
  return { userId: person.webauthnUserId, name: person.email, displayName: person.name ?? person.email };
}

export function changeNameStep(deps: InteractionDeps) {
  return async function changeNameAction(ctx: Context): Promise<void> {
    const fields = await readFields(ctx, { name: 'string' });
    const { person } = await requireSignedIn(deps, ctx);
    const changed = await deps.store.people.update(person.id, { name: checkName(fields.name) });
    if (!changed) throw new PublicError('account_signed_out', 'account gone');
    ctx.body = { changed: true, user: userDetails(changed) };
  };
}

export function requestEmailChangeStep(deps: InteractionDeps) {
  return async function requestEmailChangeAction(ctx: Context): Promise<void> {
    const fields = await readFields(ctx, { email: 'string' });
    const signedIn = await requireSignedIn(deps, ctx);
    await requireFresh(deps, signedIn);
    const email = await requestEmailChange(deps, {
      binding: emailChangeBinding(signedIn.session.uid),
      person: signedIn.person,
      email: fields.email,
      clientIp: ctx.ip,
    });
    ctx.body = { next: 'code', email };
  };
}

export function confirmEmailChangeStep(deps: InteractionDeps) {
  return async function confirmEmailChangeAction(ctx: Context): Promise<void> {
    const { code } = await readFields(ctx, { code: 'string' });
    const { session, person } = await requireSignedIn(deps, ctx);
    const changed = await confirmEmailChange(deps, { binding: emailChangeBinding(session.uid), person, code });
    await auditRequest(deps, ctx, { type: 'email_changed', personId: person.id, email: changed.email, detail: { from: person.email, to: changed.email } });
    ctx.body = { changed: true, user: userDetails(changed) };
  };
}
