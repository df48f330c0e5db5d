/**
 * Renders a console page (views/admin/) with what every one of them shows: the administrator, the
 * section the navigation marks as current, a notice after a change (`?done=`, only the codes below),
 * how long the passkey confirmation of this session still lasts (public/js/admin.js asks for a new
 * one before a destructive action when it has run out), and the values and errors of a form sent back.
 */
import type { Context } from 'koa';

import { t, type MessageKey } from '../../i18n/t.js';
import type { ConsoleFrame, ConsolePageLocals, ConsolePageName, PageLocals } from '../../pages.js';
import type { SignedIn } from '../../sessions/accountSession.js';
import { FRESH_VERIFICATION_MS } from '../../sessions/freshVerification.js';
import type { StepDeps } from '../../steps/deps.js';

export type Section = 'overview' | 'apps' | 'people' | 'groups' | 'invitations' | 'apiKeys';

/** Notices a page may show after a change, by the code in `?done=`. */
const NOTICES = [
  'app-saved', 'app-removed', 'person-disabled', 'person-enabled', 'person-removed', 'recovery-sent', 'sessions-ended',
  'group-created', 'group-saved', 'group-removed', 'member-added', 'member-removed', 'invitation-mailed',
  'invitation-revoked', 'key-revoked',
] as const;
export type Notice = (typeof NOTICES)[number];

export interface PageOptions {
  section: Section;
  heading: string;
  status?: number;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
}

function noticeOf(ctx: Context): string | null {
  const done = ctx.query.done;
  return typeof done === 'string' && (NOTICES as readonly string[]).includes(done) ? t(`console.done.${done}` as MessageKey) : null;
}

/** `locals`: what the page itself reads besides the frame, as src/pages.ts declares it for `view`. */
export function showConsolePage<P extends ConsolePageName>(
  deps: StepDeps,
  ctx: Context,
  { session, person }: SignedIn,
  view: P,
  options: PageOptions,
  locals: ConsolePageLocals[P],
): void {
  const confirmedAt = typeof session.loginTs === 'number' ? session.loginTs * 1000 : 0;
  ctx.status = options.status ?? 200;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  const frame: ConsoleFrame = {
    admin: person,
    section: options.section,
    heading: options.heading,
    done: noticeOf(ctx),
    freshMs: Math.max(0, confirmedAt + FRESH_VERIFICATION_MS - deps.now()),
    rpId: deps.passkeys.rp.id,
    values: options.values ?? {},
    errors: options.errors ?? {},
  };
  // The compiler cannot follow a generic page name through the template literal: the frame and the
  // page's own locals, both checked above, are what src/pages.ts declares for `admin/${P}`.
  ctx.body = deps.views.render(`admin/${view}`, { ...frame, ...locals } as unknown as PageLocals[`admin/${P}`]);
}
