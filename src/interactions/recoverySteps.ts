/**
 * Recovery by emailed link:
 *   GET  /recovery?interaction=UID         "Lost your passkey?" page (email form)
 *   POST /recovery                         { email, interaction? } → same answer for any address
 *   GET  /recover/:token                   the link: a page with one button (a GET changes nothing,
 *                                          so mail scanners that open links cannot use it up)
 *   POST /recover/:token/options           passkey creation options for the link's account
 *   POST /recover/:token/passkey           { response } → exactly one passkey added
 *   POST /interaction/:uid/recovered       { token } continues the app's sign-in, in the browser that
 *                                          started it AND finished the recovery (see below)
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

import { checkEmail } from '../accounts/checkProfile.js';
import { auditRequest } from '../audit/auditRequest.js';
import { interactionBinding, recoveryLinkBinding } from '../ceremonies/bindings.js';
import { findCeremony, startCeremony, takeCeremony } from '../ceremonies/ceremonies.js';
import { PublicError } from '../errors/publicError.js';
import { readFields } from '../http/readBody.js';
import { describeBrowser } from '../passkeys/describeBrowser.js';
import { finishRegistration } from '../passkeys/finishRegistration.js';
import { startRegistration } from '../passkeys/startRegistration.js';
import { issueRecoveryLink } from '../recovery/issueRecoveryLink.js';
import { redeemRecoveryLink } from '../recovery/redeemRecoveryLink.js';
import { hashToken, matchesHash } from '../tokens/tokenHash.js';
import type { InteractionDeps } from './deps.js';
import { loadInteraction } from './loadInteraction.js';
import { signInAccount } from './signInAccount.js';

const UID = /^[A-Za-z0-9_-]{1,64}$/;

export function showRecovery({ views }: InteractionDeps) {
  return async function showRecoveryPage(ctx: Context): Promise<void> {
    const uid = typeof ctx.query.interaction === 'string' && UID.test(ctx.query.interaction) ? ctx.query.interaction : '';
    ctx.type = 'html';
    ctx.body = views.render('recovery', { title: 'Lost your passkey?', interactionUid: uid });
  };
}

export function requestRecoveryLink(deps: InteractionDeps) {
  const { store, mailer, settings, now } = deps;
  return async function requestRecoveryLinkStep(ctx: Context): Promise<void> {
    const fields = await readFields(ctx, { email: 'string', interaction: 'string?' });
    const email = checkEmail(fields.email);
    const interactionUid = fields.interaction && UID.test(fields.interaction) ? fields.interaction : null;
    await issueRecoveryLink(
      { store, mailer, issuer: settings.issuer, linkMinutes: settings.recoveryLinkMinutes, now },
      { email, clientIp: ctx.ip, interactionUid },
    );
    // Known and unknown addresses are recorded alike (one read, one write), as the link itself is.
    const person = await store.people.findByEmail(email);
    await auditRequest(deps, ctx, { type: 'recovery_requested', personId: person?.id ?? null, email, detail: { account: person !== null } });
    ctx.body = { sent: true, message: `If ${email} belongs to an account, a recovery link is on its way. Check your inbox.` };
  };
}

async function findLink({ store }: InteractionDeps, token: string) {
  const binding = recoveryLinkBinding(token);
  const link = await findCeremony(store, 'recovery-link', binding);
  if (!link?.personId) throw new PublicError('recovery_link_invalid');
  const person = await store.people.findById(link.personId);
  if (!person) throw new PublicError('recovery_link_invalid', 'account gone');
  return { binding, person };
}

export function showRecoveryLink(deps: InteractionDeps) {
  return async function showRecoveryLinkPage(ctx: Context): Promise<void> {
    const { person } = await findLink(deps, ctx.params.token);
    ctx.type = 'html';
    ctx.body = deps.views.render('recover', { title: 'Add a new passkey', email: person.email });
  };
}

export function startRecoveryPasskey(deps: InteractionDeps) {
  return async function startRecoveryPasskeyStep(ctx: Context): Promise<void> {
    await readFields(ctx, {});
    const { binding, person } = await findLink(deps, ctx.params.token);
    const existing = await deps.store.credentials.listByPerson(person.id);
    ctx.body = await startRegistration(deps.passkeys, {
      kind: 'new-passkey',
      binding,
      user: { webauthnUserId: person.webauthnUserId, email: person.email, name: person.name },
      personId: person.id,
      excludeCredentialIds: existing.map((credential) => credential.id),
      state: {},
    });
  };
}

export function finishRecoveryPasskey(deps: InteractionDeps) {
  return async function finishRecoveryPasskeyStep(ctx: Context): Promise<void> {
    const { response } = await readFields(ctx, { response: 'object' });
    const binding = recoveryLinkBinding(ctx.params.token);
    const { ceremony, credential } = await finishRegistration(deps.passkeys, {
      kind: 'new-passkey',
      binding,
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    const redeemed = await redeemRecoveryLink(
      { store: deps.store, mailer: deps.mailer, log: deps.log, removeOldPasskeys: deps.settings.recoveryRemovesOldPasskeys, now: deps.now },
      { binding, registeredFor: ceremony.personId, credential },
    );
    await auditRequest(deps, ctx, {
      type: 'recovery_used', personId: redeemed.personId, email: (await deps.store.people.findById(redeemed.personId))?.email ?? null,
      detail: { credentialId: redeemed.credential.id },
    });
    // The sign-in that asked for the link may continue, signed in, only in a browser that holds both
    // that sign-in's cookie and this one-time token. The interaction uid came from whoever asked for
    // the link: without the token, someone who asked for a link to another person's address could
    // wait for that person to use it and then finish their own sign-in as them.
    const continueToken = randomBytes(32).toString('base64url');
    if (redeemed.interactionUid) {
      await startCeremony(deps.store, {
        kind: 'recovery-continuation',
        binding: interactionBinding(redeemed.interactionUid),
        challenge: hashToken(continueToken),
        personId: redeemed.personId,
        state: { backupEligible: redeemed.credential.backupEligible },
        now: deps.now(),
      });
    }
    ctx.body = redeemed.interactionUid
      ? { added: true, continueAt: `/interaction/${redeemed.interactionUid}/recovered`, continueToken }
      : { added: true, continueAt: null };
  };
}

export function continueAfterRecovery(deps: InteractionDeps) {
  return async function continueAfterRecoveryStep(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(deps.provider, ctx);
    const { token } = await readFields(ctx, { token: 'string' });
    const recovered = await takeCeremony(deps.store, 'recovery-continuation', interactionBinding(interaction.uid));
    if (!recovered) throw new PublicError('interaction_expired', 'no recovery for this interaction');
    if (!matchesHash(token, recovered.challenge)) throw new PublicError('interaction_expired', 'recovery continuation token mismatch');
    const { backupEligible } = recovered.state;
    ctx.body = { redirectTo: await signInAccount(interaction, recovered.personId, { backupEligible }, deps.now()) };
  };
}
