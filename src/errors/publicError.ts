/**
 * The one base class of errors that become answers (as node-oidc-provider's OIDCProviderError):
 * a stable `code` from the catalog, its status, and `expose`: true when the request was refused and
 * the catalog's message tells the person why (4xx); false when the fault is ours (5xx), and the
 * person gets an apology with a request id that the log line carries too. `detail` is private and
 * only ever logged. Domain errors extend it with their own subset of codes, e.g.
 * `class PasskeyError extends PublicError<PasskeyErrorCode>`: a code the catalog lacks does not compile.
 */
import { catalog, type ErrorCode } from './catalog.js';

export class PublicError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly expose: boolean;

  /** The form field the refusal is about, when it is about one: pages mark that field. */
  readonly field?: string;

  constructor(readonly code: Code, readonly detail?: string, options?: { cause?: unknown; field?: string }) {
    super(detail ? `${code}: ${detail}` : code, options);
    if (options?.field) this.field = options.field;
    this.name = new.target.name;
    this.status = catalog[code].status;
    this.expose = this.status < 500;
  }

  /** What the person (or the administrator at the `idp` command) is told. */
  get publicMessage(): string {
    return catalog[this.code].message;
  }
}
