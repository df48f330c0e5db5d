/**
 * GET /account — the account page. Signed in (the provider's session): passkeys, where the person
 * is signed in, their apps (used ones, and others they may open), their details, and account deletion. Signed out: a button to sign
 * in with a passkey right here (then back to the console page that sent the browser here, if one
 * did). Changes nothing.
 */
import { formatTime } from '../../formatTime.js';
import { listRecentActivity } from '../../audit/recentActivity.js';
import { describeScopes } from '../../oidc/describeScopes.js';
import { findSignedIn } from '../../sessions/accountSession.js';
import { listSessions } from '../../sessions/sessionActivity.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { consoleReturnPath } from '../../admin/console/signInReturn.js';
import { allowImagesFrom } from '../../http/securityHeaders.js';
import { listAppsToOpen } from '../appsToOpen.js';
import { listConnectedApps } from '../../access/connectedApps.js';
import { describePasskeys } from '../describePasskeys.js';
import { browserLabel } from '../browserLabel.js';
import { t } from '../../i18n/t.js';

export function showAccount(deps: StepDeps): Step<'none'> {
  return async function showAccountPage(ctx) {
    const { views, store, passkeys } = deps;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    const signedIn = await findSignedIn(deps, ctx);
    if (!signedIn) {
      ctx.body = views.render('account-sign-in', { rpId: passkeys.rp.id, afterSignIn: consoleReturnPath(ctx.query.return) });
      return;
    }
    const { session, person } = signedIn;
    const [credentials, sessions, apps, activity] = await Promise.all([
      store.credentials.listByPerson(person.id),
      listSessions(store.oidc, person.id, session.uid),
      listConnectedApps(store.oidc, person.id),
      listRecentActivity(deps, person.id),
    ]);
    const appsToOpen = await listAppsToOpen(store, person, new Set(apps.map((app) => app.clientId)));
    allowImagesFrom(ctx, [...apps, ...appsToOpen].map((app) => app.logoUri));
    ctx.body = views.render('account', {
      rpId: passkeys.rp.id,
      person,
      passkeys: describePasskeys(credentials),
      // Each session named by its browser and system in the page's language; times tell the rest apart.
      sessions: sessions.map((view) => ({ ...view, label: browserLabel(view.browser) ?? t('account.session.unknownBrowser') })),
      activity,
      apps: apps.map((app) => ({ ...app, abilities: describeScopes(app.scopes) })),
      appsToOpen,
      formatTime: (date: Date | null) => (date ? formatTime(date) : null),
      // The opening tag of a time in a catalog message (`<time>{time}</time>`); a relative one the
      // page's script may say as "2 hours ago".
      timeTag: (date: Date, relative: boolean) => `<time datetime="${date.toISOString()}"${relative ? ' data-relative' : ''}>`,
    });
  };
}
