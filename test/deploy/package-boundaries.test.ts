import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/real-parts.js';

// Dependencies point one way: exporters build on the plug-in contract (@meterline/plugin), never on
// the SDK that loads them, and instrumentation packages import nothing but @opentelemetry/api and
// their own shared kit. These checks read the sources, so a new import fails here by name.

const packagesDir = join(repoRoot, 'packages');

/** Every `.ts` file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** The module specifiers a file imports or re-exports from (static and dynamic). */
export function importedModules(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
  for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function packagesNamed(prefix: string): string[] {
  return readdirSync(packagesDir).filter((name) => name.startsWith(prefix));
}

/** `file: module` for every import of a package outside `allowed` in `pkg`'s src. */
function foreignImports(pkg: string, allowed: (module: string) => boolean): string[] {
  const offences: string[] = [];
  for (const file of sourceFiles(join(packagesDir, pkg, 'src'))) {
    for (const module of importedModules(readFileSync(file, 'utf8'))) {
      if (!allowed(module)) offences.push(`${relative(repoRoot, file)}: ${module}`);
    }
  }
  return offences;
}

describe('package boundaries', () => {
  it('reads import specifiers (the check itself)', () => {
    const text = [
      "import { a } from '@meterline/sdk';",
      "import type { B } from './b.js';",
      "export { c } from 'node:fs';",
      "const d = await import('zod');",
    ].join('\n');
    expect(importedModules(text)).toEqual(['@meterline/sdk', './b.js', 'node:fs', 'zod']);
  });

  // Every plug-in package: the exporters and the gRPC services.
  const exporters = [...packagesNamed('exporter-'), 'grpc'];
  it('finds the exporter packages', () => {
    expect(exporters).toContain('exporter-prometheus');
  });

  for (const pkg of exporters) {
    it(`${pkg} neither imports nor depends on @meterline/sdk`, () => {
      expect(foreignImports(pkg, (m) => m !== '@meterline/sdk')).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      expect(Object.keys(manifest.dependencies ?? {})).not.toContain('@meterline/sdk');
    });
  }

  const instrumentation = packagesNamed('instrumentation-');
  it('finds the instrumentation packages and their kit', () => {
    expect(instrumentation).toEqual(
      expect.arrayContaining(['instrumentation-kit', 'instrumentation-dfs']),
    );
  });

  for (const pkg of instrumentation) {
    it(`${pkg} imports only @opentelemetry/api and the instrumentation kit`, () => {
      const allowed = (m: string) =>
        m.startsWith('.') || m === '@opentelemetry/api' || m === '@meterline/instrumentation-kit';
      expect(foreignImports(pkg, allowed)).toEqual([]);
    });
  }

  it('@meterline/plugin depends neither on the SDK nor on an exporter (no cycle)', () => {
    // The engine's type-only contracts (its admin interface, say) may appear in the plug-in
    // contract; the SDK, which loads plug-ins, and the exporters, which implement them, may not.
    const allowed = (m: string) => m !== '@meterline/sdk' && !m.startsWith('@meterline/exporter-');
    expect(foreignImports('plugin', allowed)).toEqual([]);
  });
});
