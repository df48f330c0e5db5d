#!/usr/bin/env node
// The `idp` command runs the compiled TypeScript in dist/. Check for it first, so that a fresh
// checkout gets a hint rather than a module-not-found stack trace, while a real error inside the
// command still shows as itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);

if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('idp: the command is not built yet: run `npm run build` first\n');
  process.exit(1);
}

await import(entry.href);
