import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realPart } from '../../../test/support/real-parts.js';
import { randomUUID } from '../src/random-uuid.js';

// The default service.instance.id. Python's `uuid` module (the provisioned python3) judges the
// format: a version 4 UUID of RFC 4122/9562's variant, whichever way the bytes were drawn.

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const dir = mkdtempSync(join(tmpdir(), 'meterline-uuid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `[version, variant is RFC 4122's, canonical text]` of each id, as Python's `uuid.UUID` reads it. */
function pythonReads(ids: readonly string[]): [number, boolean, string][] {
  const script =
    'import json, sys, uuid\n' +
    'out = []\n' +
    'for s in json.load(sys.stdin):\n' +
    '    u = uuid.UUID(s)\n' +
    '    out.append([u.version, u.variant == uuid.RFC_4122, str(u)])\n' +
    'print(json.dumps(out))\n';
  const stdout = execFileSync(realPart('python-prometheus-client'), ['-c', script], {
    input: JSON.stringify(ids),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as [number, boolean, string][];
}

describe('randomUUID', () => {
  it('draws version 4 UUIDs that Python reads as such, all different', () => {
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(V4);
    for (const [i, [version, rfc, text]] of pythonReads(ids).entries()) {
      expect([version, rfc, text]).toEqual([4, true, ids[i]]);
    }
  });

  it('uses every nibble outside the version and variant bits', () => {
    // 122 random bits: over 2,000 ids every hex digit shows up in every free position.
    const ids = Array.from({ length: 2000 }, () => randomUUID().replaceAll('-', ''));
    for (let at = 0; at < 32; at++) {
      if (at === 12) continue; // the version digit, always 4
      const digits = new Set(ids.map((id) => id[at]));
      expect(digits.size, `hex digit ${at}`).toBe(at === 16 ? 4 : 16);
    }
  });

  it('sets the version and variant bits over whatever the source gives', () => {
    const ones = join(dir, 'ones');
    writeFileSync(ones, Buffer.alloc(16, 0xff));
    expect(randomUUID(ones)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    const zeros = join(dir, 'zeros');
    writeFileSync(zeros, Buffer.alloc(16, 0));
    expect(randomUUID(zeros)).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('falls back to crypto.randomUUID when the source is missing or short', () => {
    const short = join(dir, 'short');
    writeFileSync(short, Buffer.alloc(5, 0));
    const fromShort = randomUUID(short);
    const fromMissing = randomUUID(join(dir, 'no-such-device'));
    for (const id of [fromShort, fromMissing]) expect(id).toMatch(V4);
    // Not the short file's zeros padded out to 16 bytes.
    expect(fromShort).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(fromShort).not.toBe(fromMissing);
  });
});
