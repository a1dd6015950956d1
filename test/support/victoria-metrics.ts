import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { pollUntil, queryUntil } from './poll.js';
import { instantQuery, type Sample } from './prom-query.js';
import { realPart } from './real-parts.js';

/** A real VictoriaMetrics 1.145 started for one test: OTLP and InfluxDB receiver, query API. */
export interface TestVictoriaMetrics {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The OTLP http/protobuf endpoint: `<url>/opentelemetry/v1/metrics`. */
  readonly otlpUrl: string;
  /**
   * Instant PromQL/MetricsQL query at now, after flushing what was ingested so far; rejects with
   * VictoriaMetrics' message on error.
   */
  query(promql: string): Promise<Sample[]>;
  /** Polls `query` until `accept` says yes, returning the samples then. */
  queryUntil(
    promql: string,
    accept: (samples: Sample[]) => boolean,
    timeoutMs?: number,
  ): Promise<Sample[]>;
  /** Stops the server (SIGTERM, data flushed to disk) and keeps its data directory. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data: the receiver comes back. */
  restart(): Promise<void>;
  /** Stops it if running and removes its data directory. */
  remove(): Promise<void>;
}

/**
 * Starts the provisioned VictoriaMetrics on a free loopback port (it binds port 0 and the test
 * reads the port from its log). Data is queryable at once (`-search.latencyOffset=0s`, no
 * response cache); OTLP names are converted to Prometheus names
 * (`-opentelemetry.usePrometheusNaming`: `_total`, unit suffixes, `_` for dots).
 */
export async function startVictoriaMetrics(extraArgs: string[] = []): Promise<TestVictoriaMetrics> {
  const dir = mkdtempSync(join(tmpdir(), 'meterline-vm-'));
  let child: Child | undefined;
  let port = 0;

  const launch = async (listenPort: number): Promise<number> => {
    const launched = await launchVictoriaBinary('victoria-metrics', [
      `-httpListenAddr=127.0.0.1:${listenPort}`,
      `-storageDataPath=${join(dir, 'data')}`,
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-opentelemetry.usePrometheusNaming',
      '-loggerLevel=INFO',
      ...extraArgs,
    ]);
    child = launched.child;
    return launched.port;
  };

  try {
    port = await launch(0);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;

  const query = async (promql: string): Promise<Sample[]> => {
    // Makes what was just ingested searchable now rather than in ~10 s (VictoriaMetrics' own
    // endpoint for tests).
    await fetch(`${url}/internal/force_flush`);
    return instantQuery(url, promql);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) {
      const code = await running.stop('SIGTERM', 20_000);
      if (code !== 0) throw new Error(`VictoriaMetrics exited with ${code}:\n${running.stderr()}`);
    }
  };

  return {
    url,
    port,
    otlpUrl: `${url}/opentelemetry/v1/metrics`,
    query,
    queryUntil: (promql, accept, timeoutMs) =>
      queryUntil(`query ${promql}`, () => query(promql), accept, timeoutMs),
    stop,
    async restart() {
      if (child) throw new Error('VictoriaMetrics is still running');
      // The port was free a moment ago; something else may grab it in between, so retry a little.
      await pollUntil(async () => launch(port), {
        what: `VictoriaMetrics restarting on port ${port}`,
        timeoutMs: 20_000,
        intervalMs: 200,
      });
    },
    async remove() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a provisioned VictoriaMetrics binary (`victoria-metrics` or `vmagent`; its args include
 * `-httpListenAddr=127.0.0.1:<port or 0>`), reads the bound port from its log and waits until its
 * `/health` answers. On failure the process is killed and the error carries what it logged.
 */
export async function launchVictoriaBinary(
  part: 'victoria-metrics' | 'vmagent',
  args: readonly string[],
): Promise<{ child: Child; port: number }> {
  const started = startChild(realPart(part), [...args]);
  try {
    const match = await started.waitForOutput(/started server at http:\/\/127\.0\.0\.1:(\d+)\//);
    const port = Number(match[1]);
    await pollUntil(
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined),
      { what: `${part} /health` },
    );
    return { child: started, port };
  } catch (error) {
    const output = started.stdout() + started.stderr();
    await started.stop('SIGKILL');
    if (error instanceof Error) error.message += `\n${part} logged:\n${output.slice(-4000)}`;
    throw error;
  }
}
