import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('./example.ts', import.meta.url), 'utf8');

describe('the README example', () => {
  it('is example.ts, verbatim', () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example.replace('export { telemetry };\n', ''));
  });

  it('runs: both endpoints on loopback, the admin service behind the token', async () => {
    process.env.METERLINE_GRPC_ADMIN_TOKEN = 'readme-example-token-123';
    const lines: string[] = [];
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((line: string) => void lines.push(line));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { telemetry } = await import('./example.js');
      try {
        expect(lines).toEqual([
          expect.stringMatching(/^prometheus: http:\/\/127\.0\.0\.1:\d+\/metrics$/),
          expect.stringMatching(/^grpc: grpc:\/\/127\.0\.0\.1:\d+$/),
        ]);
      } finally {
        await telemetry.shutdown();
      }
    } finally {
      log.mockRestore();
      stderr.mockRestore();
      delete process.env.METERLINE_GRPC_ADMIN_TOKEN;
    }
  });
});
