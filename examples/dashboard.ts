// Dashboard integration: the metrics module of seed 003 and the code that feeds its Grafana
// dashboard (deploy/grafana/dashboards/metrics-module.json).
//
//   node examples/dashboard.ts          # serves until Ctrl-C; point Grafana's Prometheus at it
//   node examples/dashboard.ts --once   # waits until every metric a panel queries is served,
//                                       # prints one line per panel, exits
//
// The module serves its Prometheus endpoint and the gRPC MetricsService/MetricsAdminService; a
// billing component records into it over gRPC (a counter, a gauge, a histogram, and a histogram
// the module's view turns into a summary), which is what the dashboard's second row shows; every
// gRPC call the module answers feeds the first row (rpc.server.call.duration). To see it in
// Grafana: run Prometheus with deploy/prometheus/prometheus.yml (job `metrics-module`,
// 127.0.0.1:9480) and provision deploy/grafana (datasource and dashboards), or import the JSON.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_DIR } from '@meterline/grpc';
import {
  readMetricsModuleConfig,
  startBillingComponent,
  startMetricsModuleTelemetry,
} from '@meterline/demo-metrics-module';

const once = process.argv.includes('--once');
const dashboardFile = new URL('../deploy/grafana/dashboards/metrics-module.json', import.meta.url);

// The admin token: METRICS_MODULE_ADMIN_TOKEN, or a fresh one that only this process knows.
const adminToken = process.env.METRICS_MODULE_ADMIN_TOKEN ?? randomBytes(16).toString('hex');
const config = { ...readMetricsModuleConfig(process.env), adminToken };
const telemetry = await startMetricsModuleTelemetry(config);
const endpoint = (exporter: string) => telemetry.endpoints.find((e) => e.exporter === exporter)!;
const metricsUrl = endpoint('prometheus').url;
// A fast feeder with --once, so every panel has data within a second or two.
const billing = startBillingComponent(endpoint('grpc').url, once ? 50 : 500);
const operator = startOperatorConsole(endpoint('grpc').url, adminToken, once ? 200 : 5000);
console.log(`dashboard metrics: ${metricsUrl}`);
console.log(`dashboard grpc: ${endpoint('grpc').url}`);

/**
 * An operator's console: polls `MetricsAdminService.Health` with the admin token, which the
 * dashboard's "Admin actions" panel counts (every admin call is audited and counted).
 */
function startOperatorConsole(grpcUrl: string, token: string, intervalMs: number) {
  const definition = loadSync('meterline/metrics/v1/admin_service.proto', {
    includeDirs: [PROTO_DIR],
  });
  const api = loadPackageDefinition(definition) as unknown as {
    meterline: { metrics: { v1: { MetricsAdminService: new (...args: unknown[]) => object } } };
  };
  const client = new api.meterline.metrics.v1.MetricsAdminService(
    grpcUrl.replace(/^grpc:\/\//, ''),
    credentials.createInsecure(),
  ) as { Health(req: object, md: Metadata, cb: () => void): void; close(): void };
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const timer = setInterval(() => client.Health({}, metadata, () => {}), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      client.close();
    },
  };
}

/** Each panel's title and the metric names its queries read. */
function panelMetrics(): { title: string; metrics: string[] }[] {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
    panels: { type: string; title: string; targets?: { expr: string }[] }[];
  };
  return dashboard.panels
    .filter((panel) => panel.type !== 'row')
    .map((panel) => ({
      title: panel.title,
      metrics: [
        ...new Set(
          (panel.targets ?? []).flatMap((t) =>
            [...t.expr.matchAll(/([a-z_:][a-z0-9_:]*)\{/g)].map((m) => m[1]!),
          ),
        ),
      ],
    }));
}

if (once) {
  const panels = panelMetrics();
  const deadline = Date.now() + 20_000;
  let missing: string[] = [];
  do {
    const body = await (await fetch(metricsUrl)).text();
    const served = new Set(body.split('\n').map((line) => line.split(/[{ ]/, 1)[0]));
    missing = panels.flatMap((p) => p.metrics).filter((name) => !served.has(name));
    if (missing.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  } while (missing.length > 0 && Date.now() < deadline);
  for (const panel of panels) {
    const absent = panel.metrics.filter((name) => missing.includes(name));
    console.log(
      `${absent.length ? 'MISSING' : 'fed'}: ${panel.title} (${panel.metrics.join(', ')})`,
    );
  }
  billing.stop();
  operator.stop();
  await telemetry.shutdown();
  process.exitCode = missing.length ? 1 : 0;
} else {
  console.log('dashboard ready (Ctrl-C stops)');
  const stop = () => {
    billing.stop();
    operator.stop();
    void telemetry.shutdown().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
