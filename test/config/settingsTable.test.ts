/**
 * README "Configuration" lists every setting the provider reads, and only those: its table is
 * checked against the definitions in src/config/settings.ts, so a new setting without a row, or a
 * row left behind by a removed one, fails here; and so is the default it states, wherever that
 * default is a fixed value (the others depend on IDP_ISSUER, and the row says how).
 */
import { readFileSync } from 'node:fs';

import { definitions } from '../../src/config/settings.js';

/** The rows of the table: setting name → its Default cell. */
function readmeRows(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  return new Map([...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]*) \|/gm)].map((match) => [match[1]!, match[2]!]));
}

describe('the settings table of the README', () => {
  it('has one row per defined setting, and no other', () => {
    const rows = [...readmeRows().keys()];
    // IDP_CONFIG names the settings file itself: it is read before the definitions are.
    expect(rows.filter((name) => name !== 'IDP_CONFIG').sort()).toEqual(definitions.map((definition) => definition.env).sort());
  });

  it('states the default of every setting whose default is a fixed value', () => {
    const rows = readmeRows();
    // A default that takes no argument reads no other setting.
    const fixed = definitions.filter((definition) => definition.default.length === 0);
    expect(fixed.length).toBeGreaterThan(20);
    const stated = fixed.map(({ env }) => [env, rows.get(env)]);
    const expected = fixed.map(({ env, default: byDefault }) => {
      const value = byDefault({});
      if (value === null) return [env, expect.stringMatching(/^unset\b/)];
      if (Array.isArray(value) && value.length === 0) return [env, expect.stringMatching(/^empty\b/)];
      return [env, `\`${String(value)}\``];
    });
    expect(stated).toEqual(expected);
  });
});
