/** GET /admin/invitations — open invitations (never their links) and the form to invite someone. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { showInvitationsPage } from './invitationsPage.js';

export function showInvitations(deps: StepDeps): Step<'admin'> {
  return async function showInvitationsList(ctx, { signedIn }) {
    await showInvitationsPage(deps, ctx, signedIn);
  };
}
