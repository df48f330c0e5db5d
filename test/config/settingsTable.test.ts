/**
 * README "Configuration" lists every setting the provider reads, and only those: its table is
 * checked against the definitions in src/config/settings.ts, so a new setting without a row, or a
 * row left behind by a removed one, fails here.
 */
import { readFileSync } from 'node:fs';

import { definitions } from '../../src/config/settings.js';

describe('the settings table of the README', () => {
  it('has one row per defined setting, and no other', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    // IDP_CONFIG names the settings file itself: it is read before the definitions are.
    expect(rows.filter((name) => name !== 'IDP_CONFIG').sort()).toEqual(definitions.map((definition) => definition.env).sort());
  });
});
