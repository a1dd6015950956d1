import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/real-parts.js';

// Every export is a promise to users: a public package's `src/index.ts` exports only what its
// README documents (by name) or another package needs. This check fails, naming the package and the
// name, when an index exports something its README never mentions. Private packages (the demos)
// have no public surface and are skipped.

/**
 * Deliberate exceptions: `package name -> exported names` that stay undocumented, each with why.
 * Keep this list short; documenting the name in the README is the usual fix.
 */
const UNDOCUMENTED_ON_PURPOSE: Readonly<Record<string, readonly string[]>> = {
  // None today. An entry reads `'@meterline/name': ['exportedName']`, with a comment saying why
  // the name is exported yet kept out of the README (a name only another Meterline package may
  // use, say), and the check then lets it pass.
};

/** The names `index.ts` exports, in order (`export { a, type B as C }` gives `a`, `C`). */
export function exportedNames(indexText: string): string[] {
  const names: string[] = [];
  for (const match of indexText.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const raw of match[1]!.split(',')) {
      const part = raw.trim().replace(/^type\s+/, '');
      if (part)
        names.push(
          part
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        );
    }
  }
  const declaration =
    /export\s+(?:declare\s+)?(?:const|let|function|class|interface|type|enum)\s+(\w+)/g;
  for (const match of indexText.matchAll(declaration)) names.push(match[1]!);
  return names;
}

/** The exported names `readme` does not mention as a whole word. */
export function undocumented(names: readonly string[], readme: string): string[] {
  return names.filter((name) => !new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(readme));
}

interface PublicPackage {
  readonly name: string;
  readonly dir: string;
}

function publicPackages(): PublicPackage[] {
  const packagesDir = join(repoRoot, 'packages');
  const found: PublicPackage[] = [];
  for (const dir of readdirSync(packagesDir)) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
    };
    if (manifest.private) continue;
    found.push({ name: manifest.name, dir: join(packagesDir, dir) });
  }
  return found;
}

describe('public surfaces match the READMEs', () => {
  it('reads export lists and finds what a README leaves out (the check itself)', () => {
    const index = [
      "export { a, b as renamed } from './a.js';",
      "export type { C, type D } from './c.js';",
      'export const e = 1;',
    ].join('\n');
    expect(exportedNames(index)).toEqual(['a', 'renamed', 'C', 'D', 'e']);
    expect(undocumented(exportedNames(index), 'Use `a`, `renamed` and `C` (a `Caret`).')).toEqual([
      'D',
      'e',
    ]);
  });

  const packages = publicPackages();
  it('finds the public packages', () => {
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@meterline/sdk', '@meterline/plugin']),
    );
  });

  for (const pkg of packages) {
    it(`${pkg.name} exports only names its README mentions`, () => {
      const index = readFileSync(join(pkg.dir, 'src', 'index.ts'), 'utf8');
      const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8');
      const allowed = new Set(UNDOCUMENTED_ON_PURPOSE[pkg.name] ?? []);
      const missing = undocumented(exportedNames(index), readme)
        .filter((name) => !allowed.has(name))
        .map((name) => `${pkg.name} exports ${name}, which its README does not mention`);
      expect(missing).toEqual([]);
    });

    it(`${pkg.name} seals its internals behind the exports map`, () => {
      const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as {
        exports?: Record<string, unknown>;
      };
      expect(Object.keys(manifest.exports ?? {}).sort()).toEqual(['.', './package.json']);
    });
  }
});
