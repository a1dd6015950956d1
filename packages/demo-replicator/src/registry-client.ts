import type { ApiCallStatus } from '@meterline/instrumentation-replicator';
import type { Resource, ResourceType } from './resources.js';

/** Where a client reports each call: `ReplicatorMetrics.recordApiCall` fits. */
export type ApiCallRecorder = (
  registry: string,
  operation: string,
  status: ApiCallStatus,
  seconds: number,
) => void;

/** A failed registry call, classified for the `error_type` label. */
export class RegistryError extends Error {
  constructor(
    /** `unavailable` (no answer, 502-504), `quota_exceeded` (403), `not_found`, `conflict`, `rejected` (other 4xx), `server_error` (other 5xx), `timeout`. */
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** The `registry` label and the name in messages, for example `replica`. */
  readonly name: string;
  /** `http://host:port` of the registry. */
  readonly baseUrl: string;
  /** Where every call is timed. */
  readonly record: ApiCallRecorder;
  /** A call slower than this fails with `timeout`. @default 5000 */
  readonly timeoutMs?: number;
}

/**
 * A client of one registry's API. Every call, successful or not, is timed through `record` with
 * its operation (`list`, `create`, `update`, `delete`, `quota`, `health`) and HTTP status, or
 * `error` when no response came. Failures throw {@link RegistryError}.
 */
export class RegistryClient {
  readonly name: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: RegistryClientOptions) {
    this.name = options.name;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  list(type: ResourceType): Promise<Resource[]> {
    return this.call('list', 'GET', `/api/v2.0/resources/${type}`) as Promise<Resource[]>;
  }

  /** Creates or replaces; `operation` only names the call in metrics. */
  async put(
    operation: 'create' | 'update',
    type: ResourceType,
    name: string,
    spec: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.call(operation, 'PUT', `/api/v2.0/resources/${type}/${encodeURIComponent(name)}`, {
      spec,
    });
  }

  async delete(type: ResourceType, name: string): Promise<void> {
    await this.call('delete', 'DELETE', `/api/v2.0/resources/${type}/${encodeURIComponent(name)}`);
  }

  quota(): Promise<{ used: number; limit: number }> {
    return this.call('quota', 'GET', '/api/v2.0/quota') as Promise<{ used: number; limit: number }>;
  }

  async health(): Promise<void> {
    await this.call('health', 'GET', '/api/v2.0/health');
  }

  private async call(operation: string, method: string, path: string, body?: unknown) {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      this.options.record(this.name, operation, 'error', seconds());
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new RegistryError(
        timedOut ? 'timeout' : 'unavailable',
        `${this.name} ${method} ${path}: ${timedOut ? `no answer within ${this.timeoutMs} ms` : (error as Error).message}`,
      );
    }
    const text = await response.text();
    this.options.record(this.name, operation, response.status, seconds());
    if (!response.ok) {
      let reason = text;
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // Not JSON: keep the text.
      }
      throw new RegistryError(
        classify(response.status),
        `${this.name} ${method} ${path}: ${response.status} ${reason}`,
      );
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}

function classify(status: number): string {
  if (status === 403) return 'quota_exceeded';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 502 && status <= 504) return 'unavailable';
  if (status >= 500) return 'server_error';
  return 'rejected';
}
