/**
 * Right after sign-up, before going back to the app: an offer to add a backup passkey on another
 * device or a security key (the browser's own dialog offers the phone by QR code). Skippable.
 *   GET  /interaction/:uid/backup-passkey           the offer; "Not now" continues to the app
 *   POST /interaction/:uid/backup-passkey/options   creation options for the account just made
 *   POST /interaction/:uid/backup-passkey           { response } → added; where to continue
 * The account is the one this sign-in's interaction has just signed in (its result, written by our
 * own sign-up step), and the interaction cookie proves this is that browser.
 */
import type { Context } from 'koa';

import { interactionBinding } from '../../ceremonies/bindings.js';
import { PublicError } from '../../errors/publicError.js';
import { auditRequest } from '../../audit/auditRequest.js';
import { readFields } from '../../http/readBody.js';
import type { InteractionDeps } from '../../interactions/deps.js';
import { loadInteraction } from '../../interactions/loadInteraction.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import { finishAddingPasskey, startAddingPasskey } from '../addPasskey.js';
import { passkeyName } from '../describePasskeys.js';
import { accountDeps } from './passkeySteps.js';

/** Where sign-up sends the browser when it offers a backup passkey. */
export function backupPasskeyPath(uid: string): string {
  return `/interaction/${uid}/backup-passkey`;
}

async function signedUp(deps: InteractionDeps, ctx: Context) {
  const interaction = await loadInteraction(deps.provider, ctx);
  const accountId = (interaction.result as { login?: { accountId?: unknown } } | undefined)?.login?.accountId;
  const person = typeof accountId === 'string' ? await deps.store.people.findById(accountId) : null;
  if (!person) throw new PublicError('interaction_expired', 'no account signed in by this interaction');
  return { interaction, person };
}

export function showBackupOffer(deps: InteractionDeps) {
  return async function showBackupOfferPage(ctx: Context): Promise<void> {
    const { interaction, person } = await signedUp(deps, ctx);
    const client = await deps.provider.Client.find(String(interaction.params.client_id));
    ctx.type = 'html';
    ctx.body = deps.views.render('account-backup', {
      title: 'Add a backup passkey',
      uid: interaction.uid,
      email: person.email,
      clientName: client?.clientName ?? 'the app',
      continueTo: interaction.returnTo,
    });
  };
}

export function startBackupPasskey(deps: InteractionDeps) {
  return async function startBackupPasskeyStep(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const { interaction, person } = await signedUp(deps, ctx);
    ctx.body = await startAddingPasskey(accountDeps(deps), { binding: interactionBinding(interaction.uid), person });
  };
}

export function finishBackupPasskey(deps: InteractionDeps) {
  return async function finishBackupPasskeyStep(ctx: Context): Promise<void> {
    const { response } = await readFields(ctx, { response: 'object' });
    const { interaction, person } = await signedUp(deps, ctx);
    const credential = await finishAddingPasskey(accountDeps(deps), {
      binding: interactionBinding(interaction.uid),
      person,
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    await auditRequest(deps, ctx, { type: 'passkey_added', personId: person.id, email: person.email, detail: { credentialId: credential.id, name: passkeyName(credential), via: 'backup offer' } });
    ctx.body = { added: true, name: passkeyName(credential), redirectTo: interaction.returnTo };
  };
}
