import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/real-parts.js';

// docs/architecture.md is the page a newcomer reads first. Its walk from `counter.add()` to the
// scraped line must stay short (at most six files) and true: every file it names exists, each file
// is named once on the page, and the symbols each step of the walk names are in that step's file.

const page = readFileSync(join(repoRoot, 'docs', 'architecture.md'), 'utf8');

/** Repository paths of files named in backticks: `packages/engine/src/instruments.ts`. */
export function filesNamed(markdown: string): string[] {
  const found: string[] = [];
  for (const match of markdown.matchAll(/`([\w.-]+(?:\/[\w.-]+)+\.[a-z]+)`/g))
    found.push(match[1]!);
  return found;
}

/** The section under the heading that starts with `title`, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`docs/architecture.md has no section "## ${title}…"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The numbered steps of a section: each step's file and the backticked identifiers after it. */
export function steps(markdown: string): { file: string; symbols: string[] }[] {
  const out: { file: string; symbols: string[] }[] = [];
  for (const match of markdown.matchAll(/^\d+\. `([^`]+)`:([\s\S]*?)(?=^\d+\. |^$)/gm)) {
    const symbols = [...match[2]!.matchAll(/`([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)`/g)].map(
      (m) => m[1]!,
    );
    out.push({ file: match[1]!, symbols });
  }
  return out;
}

describe('docs/architecture.md', () => {
  it('reads files and steps (the check itself)', () => {
    const text = [
      'See `packages/a/src/b.ts` and `c.ts`, not `x`.',
      '',
      '1. `packages/a/src/b.ts`: `Thing.run` calls `helper`',
      '   and `more`.',
      '2. `packages/a/src/c.ts`: `other`.',
      '',
    ].join('\n');
    expect(filesNamed(text)).toEqual([
      'packages/a/src/b.ts',
      'packages/a/src/b.ts',
      'packages/a/src/c.ts',
    ]);
    expect(steps(text)).toEqual([
      { file: 'packages/a/src/b.ts', symbols: ['Thing.run', 'helper', 'more'] },
      { file: 'packages/a/src/c.ts', symbols: ['other'] },
    ]);
  });

  it('names files that exist, each once', () => {
    const files = filesNamed(page);
    expect(files.length).toBeGreaterThan(6);
    expect(files.filter((f) => !existsSync(join(repoRoot, f)))).toEqual([]);
    expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual([]);
  });

  const walk = section(page, 'The walk');
  it('walks to the scraped line through at most six files', () => {
    const files = new Set(filesNamed(walk));
    expect(files.size).toBeGreaterThanOrEqual(4);
    expect(files.size).toBeLessThanOrEqual(6);
    expect(steps(walk).map((s) => s.file)).toEqual([...files]);
  });

  for (const step of steps(walk)) {
    it(`${step.file} has what the walk says it does: ${step.symbols.join(', ')}`, () => {
      const source = readFileSync(join(repoRoot, step.file), 'utf8');
      expect(step.symbols.length).toBeGreaterThan(0);
      const missing = step.symbols
        .flatMap((symbol) => symbol.split('.'))
        .filter((part) => !new RegExp(`\\b${part.replace(/\$/g, '\\$')}\\b`).test(source));
      expect(missing).toEqual([]);
    });
  }
});
