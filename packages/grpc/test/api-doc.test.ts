import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { renderApiDoc } from '../scripts/gen-docs.mjs';

const docPath = fileURLToPath(new URL('../../../docs/grpc-api.md', import.meta.url));

describe('docs/grpc-api.md', () => {
  it('is what the .proto comments generate now', () => {
    expect(
      readFileSync(docPath, 'utf8'),
      'docs/grpc-api.md is stale: run `pnpm --filter @meterline/grpc docs`',
    ).toBe((renderApiDoc as () => string)());
  });

  it('documents every service, method, message, field and enum value', () => {
    // gen-docs.mjs writes "—" where a .proto element has no comment.
    const doc = (renderApiDoc as () => string)();
    expect(doc.match(/^\|.*\| — \|$/gm) ?? []).toEqual([]);
    expect(doc.match(/^### .*\n\n\n/gm) ?? []).toEqual([]);
  });
});
