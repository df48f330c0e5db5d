/**
 * One catalog and one base class: every domain error is a PublicError with a code from the
 * catalog, its status, and `expose` (the person is told why) exactly for 4xx. A code the catalog
 * lacks does not compile (checked by `npm run typecheck`, which `npm test` runs first).
 */
import { AccessError } from '../../src/access/errors.js';
import { MailDeliveryError } from '../../src/email/mailer.js';
import { catalog } from '../../src/errors/catalog.js';
import { PublicError } from '../../src/errors/publicError.js';
import { PasskeyError } from '../../src/passkeys/errors.js';

describe('the error catalog and its base class', () => {
  it('makes every domain error a PublicError whose status and message come from the catalog', () => {
    const thrown = [
      new PasskeyError('counter_regression', 'counter 3 after 5'),
      new AccessError('group_taken', 'staff'),
      new MailDeliveryError('signup-code', 3, false, { cause: new Error('451') }),
      new PublicError('code_invalid'),
    ];
    for (const error of thrown) {
      expect(error).toBeInstanceOf(PublicError);
      expect(error.status).toBe(catalog[error.code].status);
      expect(error.publicMessage).toBe(catalog[error.code].message);
    }
    expect(thrown.map((error) => error.name)).toEqual(['PasskeyError', 'AccessError', 'MailDeliveryError', 'PublicError']);
  });

  it('exposes the reason of a refusal (4xx), not of a failure of ours (5xx)', () => {
    expect(new PublicError('code_invalid').expose).toBe(true);
    expect(new PublicError('internal').expose).toBe(false);
    expect(new MailDeliveryError('recovery-link', 1, true, { cause: null }).expose).toBe(false);
  });

  it('keeps the detail out of the public message', () => {
    const error = new PasskeyError('wrong_account', 'credential abc belongs to person p2');
    expect(error.publicMessage).not.toContain('p2');
    expect(error.detail).toContain('p2');
  });

  it('refuses at compile time a code the catalog lacks', () => {
    // @ts-expect-error: not a code of the catalog
    const stray = () => new PasskeyError('no_such_code');
    // @ts-expect-error: a domain error cannot declare codes the catalog lacks
    class StrayError extends PublicError<'no_such_code'> {}
    expect([stray, StrayError]).toHaveLength(2);
  });
});
