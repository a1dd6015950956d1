import { prometheusExporter } from '@meterline/exporter-prometheus';
import { grpcServices } from '@meterline/grpc';
import { startTelemetry } from '@meterline/sdk';

const telemetry = await startTelemetry({
  plugins: [prometheusExporter, grpcServices],
  config: {
    metrics: { exporters: ['prometheus', 'grpc'] },
    exporters: {
      prometheus: { port: 0 },
      grpc: {
        port: 0, // 127.0.0.1 unless `host` says otherwise
        admin: { bearerToken: process.env.METERLINE_GRPC_ADMIN_TOKEN },
      },
    },
  },
});
for (const { exporter, url } of telemetry.endpoints) console.log(`${exporter}: ${url}`);
export { telemetry };
