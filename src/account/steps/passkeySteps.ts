/**
 * The account's passkeys:
 *   POST /account/passkeys/options   creation options (fresh verification needed)
 *   POST /account/passkeys           { response } → the new passkey, mailed about
 *   POST /account/passkeys/rename    { id, name }
 *   POST /account/passkeys/remove    { id } (fresh verification needed; never the last one)
 * Ids in the body are only looked up among the signed-in person's own passkeys.
 */
import type { Context } from 'koa';

import { auditRequest } from '../../audit/auditRequest.js';
import { sessionBinding } from '../../ceremonies/bindings.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import { finishAddingPasskey, startAddingPasskey } from '../addPasskey.js';
import type { AccountDeps } from '../deps.js';
import { passkeyName } from '../describePasskeys.js';
import { removePasskey } from '../removePasskey.js';
import { renamePasskey } from '../renamePasskey.js';
import { requireFresh, requireSignedIn } from './accountSession.js';

export function accountDeps({ store, mailer, log, passkeys, now }: InteractionDeps): AccountDeps {
  return { store, mailer, log, passkeys, now };
}

export function startNewPasskey(deps: InteractionDeps) {
  return async function startNewPasskeyStep(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const signedIn = await requireSignedIn(deps, ctx);
    await requireFresh(deps, signedIn);
    ctx.body = await startAddingPasskey(accountDeps(deps), { binding: sessionBinding(signedIn.session), person: signedIn.person });
  };
}

export function finishNewPasskey(deps: InteractionDeps) {
  return async function finishNewPasskeyStep(ctx: Context): Promise<void> {
    const { response } = await readFields(ctx, { response: 'object' });
    const { session, person } = await requireSignedIn(deps, ctx);
    const credential = await finishAddingPasskey(accountDeps(deps), {
      binding: sessionBinding(session),
      person,
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    await auditRequest(deps, ctx, { type: 'passkey_added', personId: person.id, email: person.email, detail: { credentialId: credential.id, name: passkeyName(credential) } });
    ctx.body = { added: true, id: credential.id, name: passkeyName(credential) };
  };
}

export function renamePasskeyStep(deps: InteractionDeps) {
  return async function renamePasskeyAction(ctx: Context): Promise<void> {
    const { id, name } = await readFields(ctx, { id: 'string', name: 'string' });
    const { person } = await requireSignedIn(deps, ctx);
    const renamed = await renamePasskey(deps, { personId: person.id, credentialId: id, name });
    await auditRequest(deps, ctx, { type: 'passkey_renamed', personId: person.id, email: person.email, detail: { credentialId: id, name: renamed } });
    ctx.body = { renamed: true, id, name: renamed };
  };
}

export function removePasskeyStep(deps: InteractionDeps) {
  return async function removePasskeyAction(ctx: Context): Promise<void> {
    const { id } = await readFields(ctx, { id: 'string' });
    const signedIn = await requireSignedIn(deps, ctx);
    await requireFresh(deps, signedIn);
    const removed = await removePasskey(deps, { person: signedIn.person, credentialId: id });
    await auditRequest(deps, ctx, { type: 'passkey_removed', personId: signedIn.person.id, email: signedIn.person.email, detail: { credentialId: removed.id, name: passkeyName(removed) } });
    ctx.body = { removed: true, id: removed.id, name: passkeyName(removed) };
  };
}
