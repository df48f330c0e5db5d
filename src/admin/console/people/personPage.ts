/** The page of one person in the console: who they are, their groups and passkeys, and what can be done. */
import type { Context } from 'koa';

import type { SignedIn } from '../../../sessions/accountSession.js';
import type { StepDeps } from '../../../steps/deps.js';
import { findPersonById, viewPerson } from '../../people.js';
import type { FieldErrors } from '../formInput.js';
import { showConsolePage } from '../showPage.js';

export async function showPersonPage(deps: StepDeps, ctx: Context, signedIn: SignedIn, id: string, form: { errors?: FieldErrors; status?: number } = {}) {
  const view = await viewPerson(deps.store, await findPersonById(deps.store, id));
  showConsolePage(deps, ctx, signedIn, 'person', { section: 'people', heading: view.person.email, ...form }, { ...view });
}
