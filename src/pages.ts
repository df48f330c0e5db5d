/**
 * Every page the provider renders, with the locals it reads, as every mail declares its values
 * (src/email/templates.ts): rendering a page with a local missing, misspelt, of the wrong type, or
 * that the page never reads does not compile. A page is views/<name>.pug, or views/admin/<name>.pug
 * for the console. What every page shares (site name, branding, language, `t`, `formatTime`...) comes
 * from src/http/views.ts and is not repeated here. test/structure/pages.test.ts checks that this list
 * and the pages under views/ are the same.
 */
import type { AppToOpen } from './account/appsToOpen.js';
import type { PasskeyView } from './account/describePasskeys.js';
import type { ConnectedApp } from './access/connectedApps.js';
import type { summaryOf } from './admin/console/apps/appPages.js';
import type { Section } from './admin/console/showPage.js';
import type { AppView } from './admin/apps.js';
import type { PersonView } from './admin/people.js';
import type { GroupSummary } from './access/groups.js';
import type { InvitationSummary } from './access/invitations.js';
import type { ActivityView } from './audit/recentActivity.js';
import type { AppOnPage } from './clients/appOnPage.js';
import type { OutboxMail } from './email/outbox.js';
import type { RefusalReason } from './oidc/appAccessPrompt.js';
import type { LogoutRefusal } from './oidc/logout/refusals.js';
import type { SessionView } from './sessions/sessionActivity.js';
import type { ApiKey, Group, Person } from './store/ports.js';

/** What every console page's frame (views/admin/_console.pug) reads, from src/admin/console/showPage.ts. */
export interface ConsoleFrame {
  /** The signed-in administrator. */
  admin: Person;
  /** Which part of the navigation is current. */
  section: Section;
  heading: string;
  /** The notice after a change, in words, or null. */
  done: string | null;
  /** How long this session's last passkey confirmation still counts as fresh (public/js/admin.js). */
  freshMs: number;
  rpId: string;
  /** A form sent back: what was typed, and what is wrong with it by field. */
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The copy-ready summary of an app (what its developers configure), from src/admin/console/apps/appPages.ts. */
type AppSummaryLines = ReturnType<typeof summaryOf>;

/** Each console page's own locals (views/admin/<name>.pug), besides the frame's. */
export interface ConsolePageLocals {
  'api-keys': { keys: Array<ApiKey & { madeBy: string }>; key: string | null };
  /** `secret`: shown this once; `warnings`: what the registration let through but the admin should know. */
  'app-created': { app: AppView; secret: string | null; warnings: string[]; summary: AppSummaryLines };
  'app-new': { groupNames: string[] };
  /** `previousSecretExpiresAt`: until when the old secret still works, or null when it stopped at once. */
  'app-secret': { app: AppView; secret: string; previousSecretExpiresAt: Date | null; summary: AppSummaryLines };
  /** `version`: what the form was filled from; `conflict`: the fields saved meanwhile by someone else, or null. */
  app: {
    app: AppView;
    summary: AppSummaryLines;
    secret: null;
    groupNames: string[];
    version: string;
    conflict: Array<{ field: string; saved: string }> | null;
  };
  apps: { apps: AppView[] };
  group: { group: Group; members: Person[] };
  groups: { groups: GroupSummary[] };
  /** `link`: an invitation link just made, shown once; `invited`: whom it was mailed to. */
  invitations: { invitations: InvitationSummary[]; groupNames: string[]; link: string | null; invited: string | null };
  overview: { counts: { apps: number; people: number; groups: number; invitations: number; apiKeys: number } };
  /** `nextPage`: the link to the next 50, or null. */
  people: { people: PersonView[]; search: string; nextPage: string | null };
  person: PersonView;
}

export type ConsolePageName = keyof ConsolePageLocals & string;

/** The console pages under their view names, each with the frame's locals and its own. */
type ConsolePages = { [P in ConsolePageName as `admin/${P}`]: ConsoleFrame & ConsolePageLocals[P] };

interface OtherPageLocals {
  /** The app's access rule refused the signed-in person (src/oidc/appAccessPrompt.ts). */
  'access-refused': { uid: string; clientName: string; reason: RefusalReason; email: string };
  /** Right after sign-up: add a backup passkey, or go on to `continueTo`. */
  'account-backup': { uid: string; clientName: string; continueTo: string };
  /** `afterSignIn`: the console page that sent the browser here, checked; back there once signed in. */
  'account-sign-in': { rpId: string; afterSignIn: string | null };
  account: {
    rpId: string;
    person: Person;
    passkeys: PasskeyView[];
    /** `label`: the browser and system in the page's language. */
    sessions: Array<SessionView & { label: string }>;
    activity: ActivityView[];
    apps: Array<ConnectedApp & { abilities: string[] }>;
    appsToOpen: AppToOpen[];
    /** Shows nothing for a time that never was (a passkey never used). */
    formatTime: (date: Date | null) => string | null;
    /** The opening tag of a time inside a catalog message; `relative`: the script may say "2 hours ago". */
    timeTag: (date: Date, relative: boolean) => string;
  };
  /** `domain`: where the app sends the person back; `email`: who is signed in, when known. */
  consent: { uid: string; clientName: string; app: AppOnPage; domain: string | null; email: string | null; scopes: string[] };
  /** Development only: the mails kept instead of sent. */
  'dev-outbox': { mails: OutboxMail[] };
  /** The device flow's pages (src/device/devicePages.ts); `form` is oidc-provider's own markup. */
  'device-code': { action: string; xsrf: string; code: string; problem: string | null };
  'device-confirm': { clientName: string; form: string; userCode: string; startedFrom: string | null };
  'device-done': { clientName: string };
  /** `requestId` is shown for a failure of ours, so that a report can be matched to its log line. */
  error: { heading?: string; message: string; requestId?: string | null };
  home: Record<string, never>;
  /** `groups`: the names of the groups the invitation joins. */
  invitation: { email: string; groups: string[]; administrator: boolean; expiresAt: Date };
  'logged-out': { client: string | null };
  'logout-refused': LogoutRefusal & { requestId: string };
  /** `form`: oidc-provider's logout form, which the page's buttons submit. */
  logout: { form: string; client: string | null };
  /** A recovery link's page. */
  recover: { email: string };
  /** "Lost your passkey?"; `interactionUid` is the sign-in to go back to, or empty. */
  recovery: { interactionUid: string };
  /** `passkeyOptions`: the options of the page's own ceremony, as JSON, when enough of its time is left. */
  'sign-in': { uid: string; clientName: string; app: AppOnPage; offersSignUp: boolean; passkeyOptions: string | null; loginHint: string };
  'sign-up': { uid: string; clientName: string };
}

export type PageLocals = OtherPageLocals & ConsolePages;

export type PageName = keyof PageLocals & string;

/** Every page by name; listing one twice, or a page outside the console that is not above, does not compile. */
const pages: Record<PageName, true> = {
  'access-refused': true,
  'account-backup': true,
  'account-sign-in': true,
  account: true,
  consent: true,
  'dev-outbox': true,
  'device-code': true,
  'device-confirm': true,
  'device-done': true,
  error: true,
  home: true,
  invitation: true,
  'logged-out': true,
  'logout-refused': true,
  logout: true,
  recover: true,
  recovery: true,
  'sign-in': true,
  'sign-up': true,
  'admin/api-keys': true,
  'admin/app-created': true,
  'admin/app-new': true,
  'admin/app-secret': true,
  'admin/app': true,
  'admin/apps': true,
  'admin/group': true,
  'admin/groups': true,
  'admin/invitations': true,
  'admin/overview': true,
  'admin/people': true,
  'admin/person': true,
};

export const pageNames = Object.keys(pages) as PageName[];
