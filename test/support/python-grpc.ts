import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realPart, repoRoot } from './real-parts.js';

/**
 * A third-party gRPC client for Meterline's services: Debian bookworm's python3-grpcio with
 * python3-grpc-tools and python3-protobuf (`scripts/provision.sh python-grpc`), driven through
 * packages/grpc/test/python/grpc_client.py. Our .proto files are compiled with
 * `python -m grpc_tools.protoc` into a temp folder, once per test file: nothing of ours
 * (no TypeScript types, no proto-loader) is on the client side.
 */

const GRPC_PKG = join(repoRoot, 'packages', 'grpc');
const CLIENT = join(GRPC_PKG, 'test', 'python', 'grpc_client.py');
const require = createRequire(join(GRPC_PKG, 'package.json'));

/** A status as the Python client reports it: the code's name and the details. */
export interface PyStatus {
  readonly code: string;
  readonly details: string;
}

/** A unary call's outcome. */
export type PyResult<T = Record<string, unknown>> =
  | { readonly response: T; readonly error?: undefined }
  | { readonly error: PyStatus; readonly response?: undefined };

/** How the client reaches the server. */
export interface PyTarget {
  /** `127.0.0.1:PORT`. */
  readonly target: string;
  readonly token?: string;
  /** `user:password` for basic auth. */
  readonly basic?: string;
  readonly tls?: { readonly ca: string; readonly cert?: string; readonly key?: string };
  /** The client's own max send size (to send an oversized request). */
  readonly maxMessage?: number;
}

let stubs: string | undefined;

/** Compiles our .proto files, the standard health proto and the reflection proto (once). */
export function compileStubs(): string {
  if (stubs) return stubs;
  const python = realPart('python-grpc');
  const out = mkdtempSync(join(tmpdir(), 'meterline-pygrpc-'));
  const healthProto = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto');
  // The reflection proto's path starts with grpc/, which would shadow the grpc package: it is
  // compiled from a copy at reflection_v1/ (the proto package, grpc.reflection.v1, is unchanged).
  const reflectionDir = join(out, 'src');
  mkdirSync(join(reflectionDir, 'reflection_v1'), { recursive: true });
  cpSync(
    join(
      dirname(require.resolve('@grpc/reflection/package.json')),
      'build/proto/grpc/reflection/v1/reflection.proto',
    ),
    join(reflectionDir, 'reflection_v1', 'reflection.proto'),
  );
  const protoc = (include: string, files: string[]) =>
    execFileSync(
      python,
      [
        '-m',
        'grpc_tools.protoc',
        '-I',
        include,
        `--python_out=${out}`,
        `--grpc_python_out=${out}`,
        ...files,
      ],
      { cwd: include, stdio: 'pipe' },
    );
  protoc(join(GRPC_PKG, 'proto'), [
    'meterline/metrics/v1/types.proto',
    'meterline/metrics/v1/metrics_service.proto',
    'meterline/metrics/v1/admin_service.proto',
  ]);
  protoc(healthProto, ['health/v1/health.proto']);
  protoc(reflectionDir, ['reflection_v1/reflection.proto']);
  stubs = out;
  return out;
}

function baseArgs(t: PyTarget): string[] {
  const args = [CLIENT, '--stubs', compileStubs(), '--target', t.target];
  if (t.token !== undefined) args.push('--token', t.token);
  if (t.basic !== undefined) args.push('--basic', t.basic);
  if (t.tls) {
    args.push('--ca', t.tls.ca);
    if (t.tls.cert) args.push('--cert', t.tls.cert, '--key', t.tls.key!);
  }
  if (t.maxMessage) args.push('--max-message', String(t.maxMessage));
  return args;
}

/**
 * Runs the client and parses its JSON lines (each also handed to `onLine` as it arrives); rejects
 * with stderr when it fails.
 */
function run(
  t: PyTarget,
  command: string[],
  onLine?: (line: Record<string, unknown>) => void,
): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(realPart('python-grpc'), [...baseArgs(t), ...command], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const seen = out.split('\n').length - 1;
      out += d;
      const lines = out.split('\n');
      for (const line of lines.slice(seen, -1)) {
        if (line.trim() !== '') onLine?.(JSON.parse(line) as Record<string, unknown>);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`python grpc client ${command.join(' ')} exited ${code}: ${err}`));
        return;
      }
      resolve(
        out
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      );
    });
  });
}

/** One unary call of `metrics` (MetricsService) or `admin` (MetricsAdminService), request as JSON. */
export async function pyCall<T = Record<string, unknown>>(
  t: PyTarget,
  service: 'metrics' | 'admin',
  method: string,
  request: object = {},
): Promise<PyResult<T>> {
  const [line] = await run(t, ['call', service, method, JSON.stringify(request)]);
  return line as PyResult<T>;
}

/** The same unary call `times` times over one channel, one result each. */
export async function pyCallRepeated(
  t: PyTarget,
  service: 'metrics' | 'admin',
  method: string,
  request: object,
  times: number,
): Promise<PyResult[]> {
  const lines = await run(t, [
    '--repeat',
    String(times),
    'call',
    service,
    method,
    JSON.stringify(request),
  ]);
  return lines as PyResult[];
}

/** A Watch: every update, then how the stream ended; `cancelAfter` cancels from the client. */
export async function pyWatch(
  t: PyTarget,
  request: object,
  cancelAfter = 0,
  onUpdate?: (update: Record<string, unknown>) => void,
): Promise<{ updates: Record<string, unknown>[]; end: PyStatus }> {
  const lines = await run(t, ['watch', JSON.stringify(request), String(cancelAfter)], (line) => {
    if ('update' in line) onUpdate?.(line.update as Record<string, unknown>);
  });
  return {
    updates: lines.filter((l) => 'update' in l).map((l) => l.update as Record<string, unknown>),
    end: lines.find((l) => 'end' in l)!.end as PyStatus,
  };
}

/** `grpc.health.v1.Health/Check` for `service` ('' is the whole server). */
export async function pyHealth(
  t: PyTarget,
  service: string,
): Promise<PyResult<{ status: string }>> {
  const [line] = await run(t, ['health', service]);
  return line as PyResult<{ status: string }>;
}

/** The services listed through server reflection, and the files describing the admin service. */
export async function pyReflection(
  t: PyTarget,
): Promise<
  PyResult<{ services: string[]; files: { name: string; package: string; services: string[] }[] }>
> {
  const [line] = await run(t, ['reflection']);
  return line as PyResult<{
    services: string[];
    files: { name: string; package: string; services: string[] }[];
  }>;
}

/** A Query carrying a matcher value of `bytes` bytes (to exceed the server's message limit). */
export async function pyOversized(t: PyTarget, bytes: number): Promise<PyResult> {
  const [line] = await run({ ...t, maxMessage: bytes * 2 }, ['oversized', String(bytes)]);
  return line as PyResult;
}
