/** The `idp` command leaves out oidc-provider's "Unsupported runtime" line, and only that line. */
import { afterAll, describe, expect, it } from '@jest/globals';

import { isUnsupportedRuntimeWarning, restoreConsoleWarn } from '../../src/cli/quietRuntimeWarning.js';

afterAll(() => restoreConsoleWarn());

describe('the runtime warning left out of the command', () => {
  it('is oidc-provider\'s line, plain or in a terminal\'s colour', () => {
    expect(isUnsupportedRuntimeWarning(['oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.'])).toBe(true);
    expect(isUnsupportedRuntimeWarning(['\x1b[31;1moidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.\x1b[0m'])).toBe(true);
  });

  it('is no other warning, of oidc-provider or anyone else', () => {
    expect(isUnsupportedRuntimeWarning(['oidc-provider WARNING: a quick start development-only in-memory adapter is used'])).toBe(false);
    expect(isUnsupportedRuntimeWarning(['Unsupported runtime'])).toBe(false);
    expect(isUnsupportedRuntimeWarning(['oidc-provider WARNING: Unsupported runtime.', 'and more'])).toBe(false);
  });
});
