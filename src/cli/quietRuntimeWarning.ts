/**
 * oidc-provider says "Unsupported runtime" on console.warn when its module is first loaded on a
 * Node.js older than 22 LTS. This project runs on Node.js 20.19 and later (package.json `engines`),
 * and the `idp` command's standard error is for what the person running it must act on: there that
 * one line is left out, and every other warning is written as it was. ./main.ts imports this module
 * before any other, so that it is in place when oidc-provider loads, and calls `restoreConsoleWarn`
 * once every module is loaded, the only time the warning is given.
 */
const original = console.warn;

/** The line as oidc-provider writes it, in colour (bold red) when standard error is a terminal. */
const UNSUPPORTED_RUNTIME = /^(?:\x1b\[[\d;]*m)?oidc-provider WARNING: Unsupported runtime\./;

export function isUnsupportedRuntimeWarning(args: unknown[]): boolean {
  return args.length === 1 && typeof args[0] === 'string' && UNSUPPORTED_RUNTIME.test(args[0]);
}

console.warn = (...args: unknown[]) => {
  if (!isUnsupportedRuntimeWarning(args)) original.apply(console, args);
};

export function restoreConsoleWarn(): void {
  console.warn = original;
}
