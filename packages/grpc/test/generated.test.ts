import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('the checked-in TypeScript types of the .proto API', () => {
  it('are what proto-loader-gen-types makes of the .proto files now', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'meterline-grpc-gen-'));
    execFileSync(process.execPath, [join(pkg, 'scripts/generate.mjs'), fresh], { cwd: pkg });
    const checkedIn = join(pkg, 'src/generated');
    expect(files(checkedIn)).toEqual(files(fresh));
    for (const file of files(fresh)) {
      expect(
        readFileSync(join(checkedIn, file), 'utf8'),
        `src/generated/${file} is stale: run \`pnpm --filter @meterline/grpc generate\``,
      ).toBe(readFileSync(join(fresh, file), 'utf8'));
    }
  });
});
