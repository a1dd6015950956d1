import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExporterPlugin } from '@meterline/plugin';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OtlpJsonFileExporter } from './file-exporter.js';
import { FILE_ENV_BINDINGS, fileOptionsSchema, type FileOptions } from './options.js';
import { RotatingFile } from './rotating-file.js';

/**
 * The `file` exporter plug-in: every `OTEL_METRIC_EXPORT_INTERVAL`, appends one OTLP JSON line
 * (an `ExportMetricsServiceRequest`) to `exporters.file.path`, rotating by size. Shutdown writes
 * the last values. `create` does no I/O; the file is created at the first export.
 */
export const fileExporter: ExporterPlugin<FileOptions> = {
  name: 'file',
  optionsSchema: fileOptionsSchema,
  env: FILE_ENV_BINDINGS,
  create(options, context) {
    const path = resolve(options.path);
    const exporter = new OtlpJsonFileExporter({
      file: new RotatingFile({ path, maxBytes: options.maxBytes, maxFiles: options.maxFiles }),
      temporality: options.temporality,
    });
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: context.exportIntervalMillis,
      exportTimeoutMillis: Math.min(context.exportTimeoutMillis, context.exportIntervalMillis),
      metricProducers: context.metricProducers ? [...context.metricProducers] : undefined,
    });
    context.logger.info(
      `OTLP JSON lines to ${path} every ${context.exportIntervalMillis} ms ` +
        `(rotated at ${options.maxBytes} bytes, ${options.maxFiles} kept)`,
    );
    return Promise.resolve({
      reader,
      endpoints: [{ exporter: 'file', url: pathToFileURL(path).href }],
      push: true,
    });
  },
};
