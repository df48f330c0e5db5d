/**
 * Entry point of the `idp` command (bin/idp.js imports this module): wiring only. It reads the same
 * settings as the server and opens the same store, only when a command needs it, and closes it
 * before exiting so that the command never holds the database longer than it must.
 */
// First, before oidc-provider loads (./quietRuntimeWarning.ts).
import { restoreConsoleWarn } from './quietRuntimeWarning.js';

import { loadSettings } from '../config/settings.js';
import { createMailer, type MailService } from '../email/mailer.js';
import { createViews } from '../http/views.js';
import { createLogger } from '../log.js';
import { createProvider } from '../oidc/createProvider.js';
import { loadOrCreateKeys } from '../oidc/keys.js';
import { appLogoutNotifier } from '../oidc/logout/notifyApps.js';
import type { Store } from '../store/ports.js';
import { openExistingStore } from './openExistingStore.js';
import { runCli } from './run.js';

restoreConsoleWarn();

let store: Store | null = null;
let mailer: MailService | null = null;

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    openStore: async () => {
      store ??= await openExistingStore(loadSettings().databaseUrl);
      return store;
    },
    openMail: async () => {
      const settings = loadSettings();
      store ??= await openExistingStore(settings.databaseUrl);
      // Mails are queued in the store like the server's, and sent at once over SMTP (the attempts under
      // way end before the command exits). Without SMTP_URL the server's worker takes them to its
      // development outbox page: this process's would be gone when it exits.
      mailer ??= createMailer({ settings, log: createLogger(), store, sends: settings.smtpUrl !== null });
      return { mailer, issuer: settings.issuer, recoveryLinkMinutes: settings.recoveryLinkMinutes };
    },
    openAppNotices: async () => {
      const settings = loadSettings();
      store ??= await openExistingStore(settings.databaseUrl);
      const provider = createProvider({ settings, store, keys: await loadOrCreateKeys(store.secrets), views: createViews({ siteName: settings.rpName }) });
      return appLogoutNotifier(provider);
    },
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} finally {
  await (mailer as MailService | null)?.close();
  await (store as Store | null)?.close();
}
