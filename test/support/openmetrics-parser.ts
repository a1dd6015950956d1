import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { realPart, repoRoot } from './real-parts.js';

/** One sample as the Python parser read it; NaN and infinities come as `NaN`, `+Inf`, `-Inf`. */
export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number | 'NaN' | '+Inf' | '-Inf';
  readonly timestamp: number | null;
  readonly exemplar: {
    readonly labels: Readonly<Record<string, string>>;
    readonly value: number | string;
    readonly timestamp: number | null;
  } | null;
}

/** One metric family as the Python parser read it. */
export interface ParsedFamily {
  readonly name: string;
  /** `counter`, `gauge`, `histogram`, `info`, `unknown`, … */
  readonly type: string;
  readonly unit: string;
  readonly help: string;
  readonly samples: readonly ParsedSample[];
}

/** The parser's verdict: the families, or the error it raised (never both). */
export type ParseResult =
  | { readonly families: readonly ParsedFamily[]; readonly error?: undefined }
  | { readonly error: string; readonly families?: undefined };

const SCRIPT = join(repoRoot, 'test', 'support', 'openmetrics-parse.py');

/**
 * Parses `body` with the strict OpenMetrics 1.0 parser of the Python `prometheus_client`
 * (`prometheus_client.openmetrics.parser.text_string_to_metric_families`, every family read), the
 * third-party judge of our OpenMetrics output. It is Debian bookworm's `python3-prometheus-client`,
 * unpacked by `scripts/provision.sh python-prometheus-client`; when it is missing this throws
 * saying so (never a skip). A rejected body is a result (`error`), not an exception.
 */
export function parseOpenMetrics(body: string): ParseResult {
  return run('openmetrics', body);
}

/** Like {@link parseOpenMetrics} with `prometheus_client.parser`, the (lax) text 0.0.4 parser. */
export function parsePrometheusText(body: string): ParseResult {
  return run('text', body);
}

/** The families of `body`, throwing with the parser's message when it rejects the body. */
export function openMetricsFamilies(body: string): readonly ParsedFamily[] {
  const result = parseOpenMetrics(body);
  if (result.error !== undefined)
    throw new Error(`the OpenMetrics parser rejects the body: ${result.error}`);
  return result.families;
}

/**
 * Each number as the Python client writes an `le` or `quantile` label value
 * (`prometheus_client.utils.floatToGoString`: Go's shortest form, `1.0` for one): the canonical
 * form OpenMetrics asks for.
 */
export function goFloatStrings(values: readonly number[]): string[] {
  return JSON.parse(python('gofloat', JSON.stringify(values))) as string[];
}

function run(mode: 'openmetrics' | 'text', body: string): ParseResult {
  return JSON.parse(python(mode, body)) as ParseResult;
}

function python(mode: string, input: string): string {
  const exe = realPart('python-prometheus-client');
  const result = spawnSync(exe, [SCRIPT, mode], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${exe} ${SCRIPT} ${mode} exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
