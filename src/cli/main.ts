/**
 * Entry point of the `idp` command (bin/idp.js imports this module): wiring only. It reads the same
 * settings as the server and opens the same store, only when a command needs it, and closes it
 * before exiting so that the command never holds the database longer than it must.
 */
import { loadSettings } from '../config/settings.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/ports.js';
import { runCli } from './run.js';

let store: Store | null = null;

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    openStore: async () => {
      store ??= await openStore(loadSettings().databaseUrl);
      return store;
    },
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} finally {
  await (store as Store | null)?.close();
}
