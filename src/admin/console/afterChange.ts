/**
 * After a change, the browser goes to the page that shows it (303, so a reload does not repeat the
 * change), with a notice code the page turns into words (showPage.ts). The address comes from the
 * issuer, never from the request.
 */
import type { Context } from 'koa';

import { linkTo } from '../../email/links.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Notice } from './showPage.js';

export function goTo(deps: Pick<StepDeps, 'settings'>, ctx: Context, path: string, done: Notice): void {
  ctx.status = 303;
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(linkTo(deps.settings.issuer, path, { done }));
}
