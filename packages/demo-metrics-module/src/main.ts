import { printEndpoints, serveUntilSignal, startFailure } from '@meterline/demo-service';
import { startBillingComponent } from './billing-component.js';
import { MetricsModuleConfigError, readMetricsModuleConfig } from './config.js';
import { startMetricsModuleTelemetry } from './telemetry.js';

const fail: (error: unknown) => never = startFailure('metrics-module', 2, MetricsModuleConfigError);

let config: ReturnType<typeof readMetricsModuleConfig>;
try {
  config = readMetricsModuleConfig(process.env);
} catch (error) {
  fail(error);
}
const telemetry = await startMetricsModuleTelemetry(config).catch(fail);
const grpcEndpoint = telemetry.endpoints.find((e) => e.exporter === 'grpc');
if (!grpcEndpoint) {
  await telemetry.shutdown();
  fail(new MetricsModuleConfigError('OTEL_METRICS_EXPORTER=none: the module serves nothing'));
}
const grpc = grpcEndpoint.url;
const billing = config.workload ? startBillingComponent(grpc) : undefined;

// `metrics-module metrics: …` and `metrics-module grpc: grpc://…`, like every demo's endpoints.
printEndpoints('metrics-module', telemetry.endpoints);
if (!config.adminToken) {
  process.stdout.write(
    'metrics-module: MetricsAdminService refuses every call (set METRICS_MODULE_ADMIN_TOKEN)\n',
  );
}
if (billing) {
  process.stdout.write(
    'metrics-module: billing component recording over gRPC (DEMO_WORKLOAD=off stops it)\n',
  );
}
serveUntilSignal('metrics-module', {
  async stop() {
    billing?.stop();
    await telemetry.shutdown();
  },
});
