import {
  createNoopMeter,
  metrics,
  type MeterProvider as ApiMeterProvider,
} from '@opentelemetry/api';
import { MeterProvider as EngineMeterProvider, type EngineAdmin } from '@meterline/engine';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import { loadConfig, type ConfigSources, type ResolvedConfig } from './config/load.js';
import {
  collectSecrets,
  createConsoleLogger,
  createRedactor,
  HealthRegistry,
  redactingLogger,
  redactUrlCredentials,
  type ExporterContext,
  type ExporterEndpoint,
  type ExporterInstance,
  type Logger,
} from '@meterline/plugin';
import { redactedConfig } from './config/redacted-config.js';
import { flushPushExporters, type CreatedExporter } from './push-flush.js';
import { buildResource } from './resource.js';
import { withUnitBuckets } from './unit-buckets-provider.js';
import { withAttributeLimits } from './attribute-limits.js';
import { sdkViewOptions, toViewOptions, viewsNeedSdk } from './views.js';
import type { ClusterOptions } from './cluster/cluster-options.js';
import type { ClusterHandle } from './cluster/cluster-setup.js';

/** Options of {@link startTelemetry}: where config comes from, plus process wiring. */
export interface StartTelemetryOptions extends ConfigSources {
  /** Diagnostics sink. @default a logger writing `[meterline] …` lines to stderr */
  readonly logger?: Logger;
  /**
   * Register as the global meter provider, so `metrics.getMeter()` from `@opentelemetry/api`
   * reaches it. Turn off only to run several providers side by side in tests. @default true
   */
  readonly registerGlobal?: boolean;
  /** Health checks served by the exporters' health endpoints. @default a new, empty registry */
  readonly health?: HealthRegistry;
  /**
   * Run as part of a multi-process (`node:cluster`) or multi-thread (`worker_threads`) service
   * with one endpoint: workers start no exporter and send deltas to the primary (or main thread),
   * which serves everything merged. See `docs/cluster.md`. @default off: a standalone process
   */
  readonly cluster?: ClusterOptions;
}

/** What {@link startTelemetry} returns: the running pipeline and how to stop it. */
export interface TelemetryHandle {
  /** The configuration in force, after every layer was merged. */
  readonly config: ResolvedConfig;
  readonly resource: Resource;
  /** The provider to get meters from when not using the global one. */
  readonly meterProvider: ApiMeterProvider;
  /** Every endpoint the exporters serve or push to, for printing at start-up. */
  readonly endpoints: readonly ExporterEndpoint[];
  /**
   * Where components add health checks. Served at `/healthz`, `/readyz` and `/health` by the
   * Prometheus endpoint and exposed as `meterline_health_check_status`.
   */
  readonly health: HealthRegistry;
  /**
   * Runtime administration of Meterline's engine: list instruments, change a cardinality limit,
   * switch an instrument off, change the exemplar filter, evict series (see `@meterline/engine`'s
   * README, "Runtime administration"). Absent with `metrics.engine: sdk` and `OTEL_SDK_DISABLED`.
   * In a cluster it administers this process's own recordings.
   */
  readonly admin?: EngineAdmin;
  /** The cluster role and, on the primary, how to attach worker threads; absent when off. */
  readonly cluster?: ClusterHandle;
  /** Pushes (or readies for the next scrape) everything recorded so far. */
  forceFlush(): Promise<void>;
  /**
   * Stops the pull servers from accepting and lets their in-flight scrapes finish (bounded by each
   * server's grace time), then flushes and shuts every reader down (a final push), closes what is
   * left and unregisters the global provider. Idempotent: later calls return the first call's
   * promise.
   */
  shutdown(): Promise<void>;
}

/**
 * Sets up metrics for a service in one call: loads and validates config, builds the resource,
 * starts the selected exporter plug-ins, and registers the meter provider globally. Call it before
 * anything obtains a meter: the metrics API has no proxy, so a meter taken earlier stays a no-op.
 *
 * With `OTEL_SDK_DISABLED=true` nothing is started and the API stays a no-op.
 *
 * @throws {ConfigError} when configuration is invalid (every problem with its source and key).
 * @throws {Error} when a plug-in cannot start (a port in use) or a global provider is registered.
 */
export async function startTelemetry(options: StartTelemetryOptions): Promise<TelemetryHandle> {
  const config = loadConfig(options);
  // Every message of the SDK and the plug-ins passes through the redactor: header values,
  // passwords, tokens and URL credentials of the configuration never reach the log.
  const redact = createRedactor(collectSecrets(config));
  const logger = redactingLogger(options.logger ?? createConsoleLogger(), redact);
  const env = options.env ?? process.env;
  const disabled = /^true$/i.test(env.OTEL_SDK_DISABLED?.trim() ?? '');
  // Loaded only when on: the OTel runtime instrumentation and host-metrics are many modules. The
  // load starts here so that reading the file overlaps resource detection's I/O; the metrics start
  // where they always did, below. (A start that fails before then never awaits it: hence the catch,
  // which leaves the promise itself rejected for the await below.)
  const runtimeModule =
    config.metrics.runtime.enabled && !disabled
      ? import('./runtime/runtime-metrics.js')
      : undefined;
  runtimeModule?.catch(() => undefined);
  // `@opentelemetry/sdk-metrics` (51 modules) loads only when this service runs its code: the SDK's
  // meter provider (`metrics.engine: sdk`) or a view's attribute allow-list. Meterline's engine and
  // the Prometheus plug-in need none of it. Started here for the same overlap as the runtime chunk.
  const sdkMetricsModule =
    !disabled && (config.metrics.engine === 'sdk' || viewsNeedSdk(config.metrics.views))
      ? import('@opentelemetry/sdk-metrics')
      : undefined;
  sdkMetricsModule?.catch(() => undefined);
  const resource = await buildResource(config);
  if (disabled) {
    logger.info('OTEL_SDK_DISABLED=true: metrics are not recorded');
    return disabledHandle(config, resource, options.health ?? new HealthRegistry());
  }
  const sdkMetrics = await sdkMetricsModule;

  const health = options.health ?? new HealthRegistry();
  // Loaded only for a cluster: a standalone process needs none of the merging machinery.
  const cluster = options.cluster
    ? (await import('./cluster/cluster-setup.js')).setupCluster(options.cluster, {
        logger,
        cardinalityLimit: config.metrics.cardinalityLimit,
        resource,
      })
    : undefined;
  // A cluster worker serves nothing itself: the primary exports for it.
  const exporters = cluster?.role === 'worker' ? [] : config.metrics.exporters;
  // Plug-ins are created before the provider (it needs their readers); they get a stand-in that
  // forwards to the provider once it exists, and getters that answer once it does.
  const forPlugins: { provider?: ApiMeterProvider; admin?: EngineAdmin; ready?: boolean } = {};
  const lateProvider: ApiMeterProvider = {
    getMeter: (name, version, meterOptions) =>
      forPlugins.provider?.getMeter(name, version, meterOptions) ?? createNoopMeter(),
  };
  const instances: ExporterInstance[] = [];
  const created: CreatedExporter[] = [];
  let shownConfig: ResolvedConfig | undefined;
  const context: ExporterContext = {
    resource,
    meterProvider: lateProvider,
    exportIntervalMillis: config.metrics.exportIntervalMillis,
    exportTimeoutMillis: config.metrics.exportTimeoutMillis,
    logger,
    health,
    cardinalityLimit: config.metrics.cardinalityLimit,
    metricProducers: cluster?.metricProducers ?? [],
    get admin() {
      return forPlugins.admin;
    },
    // Made at the first read (an admin API's "effective configuration"): most plug-ins never ask.
    get config() {
      return (shownConfig ??= redactedConfig(config));
    },
    flushPushExporters: () =>
      forPlugins.ready ? flushPushExporters(created, redact) : Promise.resolve([]),
  };
  try {
    for (const name of exporters) {
      const plugin = options.plugins.find((p) => p.name === name)!;
      const instance = await plugin.create(config.exporters[name], context);
      instances.push(instance);
      created.push({ name, instance });
    }
  } catch (error) {
    await closeAll(instances);
    if (error instanceof Error) error.message = redact(error.message);
    throw error;
  }

  const newProvider = (readers: IMetricReader[]) => {
    const views = toViewOptions(config.metrics.views, sdkMetrics);
    const providerOptions = { resource, readers };
    return config.metrics.engine === 'meterline'
      ? new EngineMeterProvider({
          ...providerOptions,
          views,
          logger,
          staleSeriesMillis: config.metrics.staleSeriesMillis,
          exemplarFilter: config.metrics.exemplarFilter,
          attributeLimits: config.metrics.attributeLimits,
        })
      : new sdkMetrics!.MeterProvider({ ...providerOptions, views: sdkViewOptions(views) });
  };
  // In a cluster the service's provider has one reader, the cluster's; the exporters' readers
  // join a provider of their own that records nothing and serves the merged data.
  const sdkProvider = newProvider(cluster ? [cluster.reader] : instances.map((i) => i.reader));
  const exportProvider = cluster ? newProvider(instances.map((i) => i.reader)) : undefined;
  const withBuckets = withUnitBuckets(sdkProvider, config.metrics.unitBuckets);
  // The engine applies attribute limits itself, only where a new attributes object arrives; the
  // SDK's provider needs the wrapper, which checks every call.
  const meterProvider =
    config.metrics.engine === 'meterline'
      ? withBuckets
      : withAttributeLimits(withBuckets, config.metrics.attributeLimits, logger);
  forPlugins.provider = meterProvider;
  const admin = sdkProvider instanceof EngineMeterProvider ? sdkProvider.admin : undefined;
  forPlugins.admin = admin;
  cluster?.start(meterProvider);
  health.observe(meterProvider.getMeter('@meterline/sdk'));
  const registerGlobal = options.registerGlobal ?? true;
  if (registerGlobal && !metrics.setGlobalMeterProvider(meterProvider)) {
    await exportProvider?.shutdown();
    await sdkProvider.shutdown();
    cluster?.stop();
    await closeAll(instances);
    throw new Error(
      'a global meter provider is already registered: shut the previous telemetry down first',
    );
  }
  const runtime = runtimeModule
    ? (await runtimeModule).startRuntimeMetrics(meterProvider, {
        names: config.metrics.runtime.names,
      })
    : undefined;

  forPlugins.ready = true;
  let stopping: Promise<void> | undefined;
  return {
    config,
    resource,
    meterProvider,
    endpoints: instances.flatMap((i) =>
      i.endpoints.map((e) => ({ ...e, url: redactUrlCredentials(e.url) })),
    ),
    health,
    ...(admin ? { admin } : {}),
    ...(cluster ? { cluster: { role: cluster.role, attach: cluster.attach } } : {}),
    // A worker's flush sends its delta to the primary; a primary's collects everyone's.
    forceFlush: () => (exportProvider ?? sdkProvider).forceFlush(),
    shutdown() {
      stopping ??= (async () => {
        try {
          // Listeners first: accepted scrapes finish against a live provider, no new ones start.
          await Promise.allSettled(instances.map((i) => (i.drain ? i.drain() : Promise.resolve())));
          // A primary's final push collects from the service's provider: that one goes last.
          await exportProvider?.shutdown();
          await sdkProvider.shutdown();
        } finally {
          cluster?.stop();
          // After the provider's last collection, so a final push still carries runtime metrics.
          runtime?.stop();
          await closeAll(instances);
          if (registerGlobal) metrics.disable();
        }
      })();
      return stopping;
    },
  };
}

function disabledHandle(
  config: ResolvedConfig,
  resource: Resource,
  health: HealthRegistry,
): TelemetryHandle {
  const meterProvider = metrics.getMeterProvider();
  return {
    config,
    resource,
    meterProvider,
    endpoints: [],
    health,
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

/** Closes every instance, waiting for all even when some fail. */
async function closeAll(instances: readonly ExporterInstance[]): Promise<void> {
  await Promise.allSettled(instances.map((i) => (i.close ? i.close() : Promise.resolve())));
}
