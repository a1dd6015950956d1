import type { MeterProvider } from '@opentelemetry/api';
import type { EngineAdmin } from '@meterline/engine';
import type { IMetricReader, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { z } from 'zod';
import type { EnvBinding } from './config/env-binding.js';
import type { HealthRegistry } from './health-registry.js';
import type { Logger } from './logger.js';

/** What a plug-in's factory receives besides its own validated options. */
export interface ExporterContext {
  /** The resource every metric of this provider carries. */
  readonly resource: Resource;
  /**
   * The meter provider the plug-in's reader joins, for the plug-in's own self-metrics, also when
   * the telemetry is not registered globally. It exists only once `startTelemetry` has resolved:
   * meters taken from it earlier are no-ops, so take them lazily (at the first export).
   */
  readonly meterProvider: MeterProvider;
  /** Push interval and timeout resolved from config (`OTEL_METRIC_EXPORT_INTERVAL`, …). */
  readonly exportIntervalMillis: number;
  readonly exportTimeoutMillis: number;
  /** Where the plug-in reports what it does (endpoints, retries); never `console` directly. */
  readonly logger: Logger;
  /**
   * Default series limit per instrument (`metrics.cardinalityLimit`). A plug-in passes it to its
   * reader as `cardinalitySelector: () => cardinalityLimit`; views can set their own.
   */
  readonly cardinalityLimit: number;
  /** The service's health checks, for plug-ins that serve `/healthz` and `/readyz`. */
  readonly health: HealthRegistry;
  /**
   * Producers the plug-in's reader must collect besides its meter provider (the reader's
   * `metricProducers` option). On a cluster primary this is the workers' merged data, and a
   * plug-in that ignores it exports nothing of them. @default none
   */
  readonly metricProducers?: readonly MetricProducer[];
  /**
   * Runtime administration of Meterline's engine (`@meterline/engine`'s `EngineAdmin`): list
   * instruments, change a cardinality limit, switch an instrument off, change the exemplar
   * filter, evict series. A getter: like `meterProvider`, the engine exists only once
   * `startTelemetry` has resolved, so read it when serving a request, not in `create`. It is
   * `undefined` before that, and always with `metrics.engine: sdk` (the SDK's provider has no
   * such API). The three members below are always set by `startTelemetry`; they are optional
   * so that a context built by hand (a plug-in's tests) need not supply them.
   */
  readonly admin?: EngineAdmin;
  /**
   * The configuration in force with its secrets masked (header values, passwords, tokens, URL
   * credentials; file paths are shown): what an admin API may return as the "effective
   * configuration". Available in `create` already. Typed structurally: its shape is the SDK's
   * `ResolvedConfig`, which this package cannot import (the SDK depends on it).
   */
  readonly config?: object;
  /**
   * Pushes now, through every push exporter of this `startTelemetry` (OTLP, Influx, file), and
   * resolves with each one's delivery accounting once their exports finished. A failed export
   * does not reject: it shows in the report (`flushError`, the failure counts). Works once
   * `startTelemetry` has resolved; before, it resolves with an empty list.
   */
  flushPushExporters?(): Promise<PushExporterReport[]>;
}

/** What a push exporter delivered since start-up (its delivery accounting). */
export interface DeliveryTotals {
  /** Data points in exports the receiver acknowledged (rejected ones included). */
  readonly pointsExported: number;
  /** Data points in exports that failed. */
  readonly pointsFailed: number;
  /** Data points the receiver rejected in a partial success. */
  readonly pointsRejected: number;
  readonly exportsSucceeded: number;
  readonly exportsFailed: number;
  /** Failed exports by reason (`timeout`, `http_503`, `unavailable`, …). */
  readonly failuresByReason: Readonly<Record<string, number>>;
  /** The reason of the latest export, when it failed. */
  readonly failingReason?: string;
}

/** One push exporter's answer to {@link ExporterContext.flushPushExporters}. */
export interface PushExporterReport {
  /** The plug-in name, for example `otlp`. */
  readonly exporter: string;
  /** Where it pushes (without credentials). */
  readonly endpoints: readonly string[];
  /** Why the flush failed (the message, secrets masked), when it did. */
  readonly flushError?: string;
  /** Its accounting after the flush, when the plug-in keeps one (OTLP does). */
  readonly delivery?: DeliveryTotals;
}

/** A URL a plug-in serves or sends to, reported to the service so it can print it. */
export interface ExporterEndpoint {
  /** The plug-in name, for example `prometheus`. */
  readonly exporter: string;
  /** For example `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
}

/** What a plug-in's factory yields: a reader for the meter provider plus what it serves. */
export interface ExporterInstance {
  /**
   * Any reader the SDK's meter providers take: a `MetricReader` subclass, or a class implementing
   * `IMetricReader` (the Prometheus plug-in's, which keeps `@opentelemetry/sdk-metrics` off the
   * start path).
   */
  readonly reader: IMetricReader;
  /** Endpoints served (pull) or targeted (push); empty when none. */
  readonly endpoints: readonly ExporterEndpoint[];
  /**
   * Stops taking new work and resolves once the work already accepted is done (a pull server
   * stops accepting connections and lets in-flight scrapes finish, bounded by its own grace time).
   * Called first at shutdown, while the meter provider still collects, so an accepted scrape gets
   * a complete answer instead of a `MetricReader is shutdown` error. Idempotent.
   */
  drain?(): Promise<void>;
  /**
   * True for a push exporter: `flushPushExporters` flushes its reader (an export now).
   * @default false
   */
  readonly push?: boolean;
  /** The exporter's delivery accounting so far, when it keeps one. Cheap, synchronous. */
  delivery?(): DeliveryTotals;
  /**
   * Releases what the reader does not own (a server, say). Called after the meter provider shut
   * the reader down, so a final collection can still be pushed before.
   */
  close?(): Promise<void>;
}

/**
 * An exporter plug-in: a named factory that yields a `MetricReader`. The SDK core knows nothing of
 * any exporter; a service passes the plug-ins it ships with to `startTelemetry`, and config
 * (`metrics.exporters`, `OTEL_METRICS_EXPORTER`) chooses which of them run.
 *
 * Contract: `create` may do I/O (bind a server) and is called at most once per `startTelemetry`;
 * it throws for options it cannot honour (port in use), and that error fails start-up.
 */
export interface ExporterPlugin<Options = unknown> {
  /** The name used in config and `OTEL_METRICS_EXPORTER`, lower-case, for example `prometheus`. */
  readonly name: string;
  /**
   * Validates the plug-in's section `exporters.<name>`. Every field optional with defaults applied
   * by `.parse`; objects strict, so a misspelt key fails start-up with its source and line.
   */
  readonly optionsSchema: z.ZodType<Options>;
  /**
   * Optional: `optionsSchema`'s output for a section it can vouch for without zod (a plain object of
   * known keys and plainly valid values), `undefined` for anything else, which the SDK then parses
   * with `optionsSchema`. What it returns must be exactly what `optionsSchema.parse` returns (same
   * keys, same order, defaults applied); it never rejects, so every message still comes from the
   * schema. With it a service can start without building or running the plug-in's schema (a getter
   * may then build `optionsSchema` on first read); the Prometheus plug-in has one.
   * @default none: every section is parsed with `optionsSchema`
   */
  readonly quickParse?: (section: unknown) => Options | undefined;
  /** Standard variables that set this plug-in's options (`OTEL_EXPORTER_PROMETHEUS_PORT`, …). */
  readonly env?: readonly EnvBinding[];
  /**
   * Whether the environment alone turns this plug-in on, the way `OTEL_EXPORTER_OTLP_ENDPOINT`
   * turns on OTLP push. Consulted only when no layer sets `metrics.exporters` (nor
   * `OTEL_METRICS_EXPORTER`): the plug-ins that answer `true` join the default list, after the
   * built-in default. An explicit exporter list always wins. Must be pure and cheap (no I/O).
   * @default none: the plug-in runs only when listed
   */
  enabledByEnv?(env: Readonly<Record<string, string | undefined>>): boolean;
  create(options: Options, context: ExporterContext): Promise<ExporterInstance>;
}

/** A plug-in of any option type, as kept in a list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExporterPlugin = ExporterPlugin<any>;
