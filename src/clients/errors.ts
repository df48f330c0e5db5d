/**
 * What can go wrong when an administrator registers or changes a relying app, whether through the
 * `idp` command or, later, an admin API: each caller turns these into its own kind of answer
 * (a usage error and exit status 2, a 400 with the field named).
 */
import type { AppSettings } from './appSettings.js';

/** A setting was refused: nothing was written. `setting` names the field, `problem` says why. */
export class AppSettingError extends Error {
  constructor(readonly setting: keyof AppSettings, readonly problem: string) {
    super(`${setting} ${problem}`);
    this.name = 'AppSettingError';
  }
}

/** No relying app with this client_id. */
export class UnknownAppError extends Error {
  constructor(readonly clientId: string) {
    super(`no client with client_id "${clientId}"`);
    this.name = 'UnknownAppError';
  }
}
