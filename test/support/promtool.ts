import { spawnSync } from 'node:child_process';
import { realPart, type RealPart } from './real-parts.js';

/** What `promtool check metrics` said about an exposition body. */
export interface LintResult {
  readonly exitCode: number | null;
  /** Everything promtool printed; empty when it had no complaint. */
  readonly output: string;
}

/**
 * Runs the real `promtool check metrics` on `body` (stdin), as Prometheus' own lint does; `promtool`
 * 2.53 unless `tool` names another provisioned one (`promtool3`: 3.5).
 */
export function checkMetrics(body: string, tool: RealPart = 'promtool'): LintResult {
  const result = spawnSync(realPart(tool), ['check', 'metrics'], {
    input: body,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { exitCode: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
