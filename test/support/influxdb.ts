import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { pollUntil, queryUntil } from './poll.js';
import { realPart } from './real-parts.js';

/** One series of an InfluxQL result. */
export interface InfluxSeries {
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values: unknown[][];
}

/** A real InfluxDB 1.6 started for one test, with one database created. */
export interface TestInfluxDB {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly database: string;
  /** Runs an InfluxQL query on the database; rejects with InfluxDB's message on error. */
  query(influxql: string): Promise<InfluxSeries[]>;
  /** Polls `query` until `accept` says yes, returning the series then. */
  queryUntil(
    influxql: string,
    accept: (series: InfluxSeries[]) => boolean,
    timeoutMs?: number,
  ): Promise<InfluxSeries[]>;
  stop(): Promise<void>;
}

/** A port free a moment ago: influxd cannot bind port 0 and report it, so the test picks one. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the provisioned InfluxDB 1.6 (`influxd -config`) with its meta, data and WAL in a temp
 * directory, HTTP and RPC on fresh loopback ports, reporting off, and creates `database`. A port
 * taken between the check and the bind makes influxd exit; it is then started again on new ports
 * (at most five times).
 */
export async function startInfluxDB(database = 'meterline'): Promise<TestInfluxDB> {
  const dir = mkdtempSync(join(tmpdir(), 'meterline-influxdb-'));
  let child: Child | undefined;
  let url = '';
  try {
    for (let attempt = 1; ; attempt++) {
      const [httpPort, rpcPort] = [await freePort(), await freePort()];
      const config = join(dir, 'influxdb.conf');
      writeFileSync(
        config,
        [
          'reporting-disabled = true',
          `bind-address = "127.0.0.1:${rpcPort}"`,
          '[meta]',
          `  dir = "${join(dir, 'meta')}"`,
          '[data]',
          `  dir = "${join(dir, 'data')}"`,
          `  wal-dir = "${join(dir, 'wal')}"`,
          '  query-log-enabled = false',
          '[http]',
          '  enabled = true',
          `  bind-address = "127.0.0.1:${httpPort}"`,
          '  log-enabled = false',
          '[monitor]',
          '  store-enabled = false',
          '[continuous_queries]',
          '  enabled = false',
          '',
        ].join('\n'),
      );
      const started = startChild(realPart('influxd'), ['-config', config]);
      url = `http://127.0.0.1:${httpPort}`;
      try {
        await pollUntil(
          async () => {
            if (started.process.exitCode !== null) {
              throw new Error(`influxd exited: ${started.stderr().slice(-2000)}`);
            }
            return (await fetch(`${url}/ping`)).status === 204 ? true : undefined;
          },
          { what: 'InfluxDB /ping', timeoutMs: 20_000 },
        );
        child = started;
        break;
      } catch (error) {
        await started.stop('SIGKILL');
        if (attempt >= 5) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const run = async (q: string, db?: string) => {
    const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
    const response = await fetch(`${url}/query?${params}`, { method: 'POST' });
    const body = (await response.json()) as {
      error?: string;
      results?: { error?: string; series?: InfluxSeries[] }[];
    };
    const error = body.error ?? body.results?.[0]?.error;
    if (error || !response.ok) throw new Error(`InfluxQL ${q}: ${error ?? response.status}`);
    return body.results?.[0]?.series ?? [];
  };
  await run(`CREATE DATABASE "${database}"`);
  const query = (influxql: string) => run(influxql, database);

  return {
    url,
    database,
    query,
    queryUntil: (influxql, accept, timeoutMs) =>
      queryUntil(`InfluxQL ${influxql}`, () => query(influxql), accept, timeoutMs),
    async stop() {
      await child?.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
