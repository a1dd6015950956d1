// How each implementation is wired, the way a service would wire it. Meterline and the stock OTel
// stack record through the global `@opentelemetry/api` meter; prom-client through its own classes.
import { metrics, type Meter } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { silentLogger, startTelemetry } from '@meterline/sdk';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  BUCKETS,
  COUNTER,
  COUNTER_EXPOSED,
  HISTOGRAM,
  IN_FLIGHT,
  IN_FLIGHT_LABEL_NAMES,
  LABEL_NAMES,
} from './workload.js';

/** An OTel-API pipeline: the global meter and a way to read what it recorded. */
export interface OtelApiSetup {
  readonly meter: Meter;
  /** The current exposition (Prometheus text), to check what was recorded. */
  exposition(): Promise<string>;
}

/** Options of {@link startMeterline}. */
export interface MeterlineSetupOptions {
  /**
   * Keep Meterline's default process and runtime metrics (event-loop delay monitor, GC observer, …)
   * running. Off, only what the benchmark records is measured. @default true (as shipped)
   */
  readonly runtimeMetrics?: boolean;
}

/**
 * Meterline as a service runs it: `startTelemetry()` with the Prometheus plug-in on a free
 * loopback port, registered as the global provider; the exposition is fetched from its endpoint.
 */
export async function startMeterline(options: MeterlineSetupOptions = {}): Promise<OtelApiSetup> {
  const telemetry = await startTelemetry({
    plugins: [prometheusExporter],
    logger: silentLogger,
    env: {},
    defaults: { service: { name: 'bench' } },
    config: {
      exporters: { prometheus: { port: 0 } },
      ...(options.runtimeMetrics === false ? { metrics: { runtime: { enabled: false } } } : {}),
    },
  });
  const url = telemetry.endpoints[0]?.url;
  if (!url) throw new Error('Meterline started without a Prometheus endpoint');
  return {
    meter: metrics.getMeter('bench', '1.0.0'),
    async exposition() {
      const response = await fetch(url);
      return response.text();
    },
  };
}

/** The stock OTel stack: sdk-metrics with the stock Prometheus exporter as its reader. */
export function startStockOtel(): OtelApiSetup {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  if (!metrics.setGlobalMeterProvider(provider)) throw new Error('a global provider is set');
  const serializer = new PrometheusSerializer();
  return {
    meter: metrics.getMeter('bench', '1.0.0'),
    async exposition() {
      const { resourceMetrics } = await exporter.collect();
      return serializer.serialize(resourceMetrics);
    },
  };
}

/** The benchmark's counter and histogram through the OTel API. */
export function otelInstruments(meter: Meter) {
  return {
    counter: meter.createCounter(COUNTER, { description: 'Requests handled' }),
    histogram: meter.createHistogram(HISTOGRAM, {
      description: 'Request latency',
      unit: 's',
      advice: { explicitBucketBoundaries: BUCKETS },
    }),
  };
}

/** The same counter and histogram in prom-client, in a registry of their own. */
export function promInstruments(labelNames: readonly string[] = LABEL_NAMES) {
  const registry = new Registry();
  const counter = new Counter({
    name: COUNTER_EXPOSED,
    help: 'Requests handled',
    labelNames,
    registers: [registry],
  });
  const histogram = new Histogram({
    name: HISTOGRAM,
    help: 'Request latency',
    labelNames,
    buckets: BUCKETS,
    registers: [registry],
  });
  return { registry, counter, histogram };
}

/** The service's in-flight requests through the OTel API: an up-down counter. */
export function otelInFlight(meter: Meter) {
  return meter.createUpDownCounter(IN_FLIGHT, { description: 'Requests in flight' });
}

/** The same in prom-client: a Gauge (inc/dec), in the given registry. */
export function promInFlight(registry: Registry) {
  return new Gauge({
    name: IN_FLIGHT,
    help: 'Requests in flight',
    labelNames: IN_FLIGHT_LABEL_NAMES,
    registers: [registry],
  });
}
