/**
 * Folders of src/ import each other one way only: if `account` uses `access`, nothing in `access`
 * uses `account`. A two-way import means neither folder can be read, tested or changed without the
 * other, and is how a rule ends up written twice. The files at the top of src/ (the wiring in
 * app.ts, main.ts and stepTable.ts, and the log) are outside this rule: they put the folders together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top folder of a file under src/, or null for the files at the top. */
function folderOf(file: string): string | null {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : null;
}

/** Every import from one top folder into another, as `from -> to: file imports specifier`. */
function folderImports(): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(normalize(join(dirname(file), specifier!)));
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      imports.set(key, [...(imports.get(key) ?? []), `${relative(SRC, file)} imports ${specifier}`]);
    }
  }
  return imports;
}

describe('folders of src/', () => {
  it('import each other one way only', () => {
    const imports = folderImports();
    const twoWay = [...imports.keys()]
      .map((key) => key.split(' -> ') as [string, string])
      .filter(([from, to]) => from < to && imports.has(`${to} -> ${from}`))
      .map(([a, b]) => ({ [`${a} -> ${b}`]: imports.get(`${a} -> ${b}`), [`${b} -> ${a}`]: imports.get(`${b} -> ${a}`) }));
    expect(twoWay).toEqual([]);
  });

  it('sees the imports it checks (a scan that found none would pass anything)', () => {
    const imports = folderImports();
    expect(imports.get('account -> access')?.length).toBeGreaterThan(0);
    expect(imports.get('oidc -> access')?.length).toBeGreaterThan(0);
    expect(imports.has('access -> account')).toBe(false);
  });
});
