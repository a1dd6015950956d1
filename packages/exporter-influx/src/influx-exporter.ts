import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { silentLogger, type Logger } from '@meterline/plugin';
import { toLineProtocol } from './line-protocol.js';
import { writeUrl, type InfluxOptions } from './options.js';

/**
 * Writes each export as one line-protocol POST (`/write` or `/api/v2/write`, precision ms).
 * Always cumulative: a failed write is dropped and the next export carries the totals, so
 * nothing queues while InfluxDB is down, and while one write is in flight the next export fails
 * at once rather than piling up. No retries within an interval, for the same reason.
 *
 * Logs the first failure, a change of failure and the recovery; never one line per interval.
 */
export class InfluxLineExporter implements PushMetricExporter {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private inFlight = false;
  private failing: string | undefined;
  private warnedSkipped = new Set<string>();

  constructor(
    private readonly options: InfluxOptions,
    private readonly logger: Logger = silentLogger,
  ) {
    this.url = writeUrl(options);
    this.headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (options.api === 'v2' && options.token) {
      this.headers.authorization = `Token ${options.token}`;
    } else if (options.username !== undefined) {
      const credentials = `${options.username}:${options.password ?? ''}`;
      this.headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
  }

  /** Where writes go (without credentials: those travel in a header). */
  get target(): string {
    return this.url;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.inFlight) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new Error('previous write still in flight; export dropped'),
      });
      return;
    }
    const { lines, skipped } = toLineProtocol(metrics, { resourceTags: this.options.resourceTags });
    for (const reason of skipped) {
      if (this.warnedSkipped.has(reason)) continue;
      this.warnedSkipped.add(reason);
      this.logger.warn(`InfluxDB export skips ${reason}`);
    }
    if (lines.length === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    this.inFlight = true;
    this.write(`${lines.join('\n')}\n`).then(
      () => {
        this.inFlight = false;
        this.recovered();
        resultCallback({ code: ExportResultCode.SUCCESS });
      },
      (error: Error) => {
        this.inFlight = false;
        this.failed(error.message);
        resultCallback({ code: ExportResultCode.FAILED, error });
      },
    );
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private async write(body: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMillis),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const name = (error as Error).name;
      throw new Error(
        name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMillis} ms`
          : `cannot reach ${this.options.url}: ${cause ?? (error as Error).message}`,
      );
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new Error(
        `HTTP ${response.status}: ${text.trim().slice(0, 500) || response.statusText}`,
      );
    }
  }

  private failed(message: string) {
    if (this.failing === message) return;
    this.failing = message;
    this.logger.warn(`InfluxDB write to ${this.url} failed: ${message}`);
  }

  private recovered() {
    if (this.failing === undefined) return;
    this.failing = undefined;
    this.logger.info(`InfluxDB write to ${this.url} succeeded again`);
  }
}
