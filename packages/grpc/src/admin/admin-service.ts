import { status } from '@grpc/grpc-js';
import { UnknownInstrumentError, type EngineAdmin, type ExemplarFilter } from '@meterline/engine';
import type { HealthStatus as RegistryStatus } from '@meterline/plugin';
import type { Delivery } from '../generated/meterline/metrics/v1/Delivery.js';
import type { ExemplarFilter as ApiExemplarFilter } from '../generated/meterline/metrics/v1/ExemplarFilter.js';
import type { HealthStatus } from '../generated/meterline/metrics/v1/HealthStatus.js';
import type { MetricsAdminServiceHandlers } from '../generated/meterline/metrics/v1/MetricsAdminService.js';
import type { View } from '../generated/meterline/metrics/v1/View.js';
import { instrumentMessage } from '../metrics/instruments.js';
import { millisToTimestamp } from '../query/convert.js';
import { compileMatchers } from '../query/matchers.js';
import type { PushExporterReport } from '@meterline/plugin';
import type { GrpcSources } from '../sources.js';
import { GrpcStatusError, instrumentNotFound, invalidArgument } from '../status.js';
import { unary } from '../unary.js';
import type { AdminAudit } from './audit.js';
import { redactConfig } from './redact.js';

const FILTERS: Record<ExemplarFilter, ApiExemplarFilter> = {
  trace_based: 'EXEMPLAR_FILTER_TRACE_BASED',
  always_on: 'EXEMPLAR_FILTER_ALWAYS_ON',
  always_off: 'EXEMPLAR_FILTER_ALWAYS_OFF',
};
const STATUSES: Record<RegistryStatus, HealthStatus> = {
  healthy: 'HEALTH_STATUS_HEALTHY',
  degraded: 'HEALTH_STATUS_DEGRADED',
  unhealthy: 'HEALTH_STATUS_UNHEALTHY',
};

/** The `MetricsAdminService` handlers: every call through `audit` (auth, log, counter). */
export function createAdminService(
  sources: GrpcSources,
  audit: AdminAudit,
): MetricsAdminServiceHandlers {
  const engine = (): EngineAdmin => {
    const admin = sources.admin();
    if (!admin) {
      throw new GrpcStatusError(
        status.FAILED_PRECONDITION,
        "runtime administration needs Meterline's engine (metrics.engine: meterline)",
      );
    }
    return admin;
  };
  /** Runs an engine call, turning its documented errors into statuses. */
  const onInstrument = <T>(field: string, name: string, run: () => T): T => {
    if (name === '') throw invalidArgument(field, 'must not be empty');
    try {
      return run();
    } catch (error) {
      if (error instanceof UnknownInstrumentError) throw instrumentNotFound(field, name);
      if (error instanceof RangeError || error instanceof SyntaxError) {
        throw new GrpcStatusError(status.INVALID_ARGUMENT, error.message);
      }
      throw error;
    }
  };

  return {
    GetConfig: unary((call) =>
      audit.run(call, { action: 'GetConfig', changes: false }, () => {
        const config = sources.config();
        if (config === undefined) {
          throw new GrpcStatusError(
            status.FAILED_PRECONDITION,
            'the configuration is not available',
          );
        }
        return { configJson: redactConfig(config) };
      }),
    ),
    ListViews: unary((call) =>
      audit.run(call, { action: 'ListViews', changes: false }, () => {
        const config = sources.config() as
          { metrics?: { views?: readonly Record<string, unknown>[] } } | undefined;
        const admin = sources.admin();
        return {
          views: (config?.metrics?.views ?? []).map(viewMessage),
          defaultCardinalityLimit: sources.cardinalityLimit,
          instruments: admin ? admin.instruments().map(instrumentMessage) : [],
        };
      }),
    ),
    SetCardinalityLimit: unary((call) => {
      const { instrument, limit } = call.request;
      return audit.run(
        call,
        {
          action: 'SetCardinalityLimit',
          changes: true,
          target: `instrument=${JSON.stringify(instrument)} limit=${limit || 'configured'}`,
        },
        () => {
          const changed = onInstrument('instrument', instrument, () =>
            engine().setCardinalityLimit(instrument, limit === 0 ? undefined : limit),
          );
          return { instruments: changed.map(instrumentMessage) };
        },
      );
    }),
    SetInstrumentEnabled: unary((call) => {
      const { instrument, enabled } = call.request;
      return audit.run(
        call,
        {
          action: 'SetInstrumentEnabled',
          changes: true,
          target: `instrument=${JSON.stringify(instrument)} enabled=${enabled}`,
        },
        () => {
          const changed = onInstrument('instrument', instrument, () =>
            engine().setEnabled(instrument, enabled),
          );
          return { instruments: changed.map(instrumentMessage) };
        },
      );
    }),
    SetExemplarFilter: unary((call) => {
      const requested = call.request.filter;
      return audit.run(
        call,
        { action: 'SetExemplarFilter', changes: true, target: `filter=${requested}` },
        () => {
          const filter = (Object.keys(FILTERS) as ExemplarFilter[]).find(
            (f) => FILTERS[f] === requested,
          );
          if (filter === undefined) {
            throw invalidArgument('filter', 'must be TRACE_BASED, ALWAYS_ON or ALWAYS_OFF');
          }
          const admin = engine();
          const previous = admin.exemplarFilter();
          admin.setExemplarFilter(filter);
          return { previous: FILTERS[previous], current: FILTERS[admin.exemplarFilter()] };
        },
      );
    }),
    EvictSeries: unary((call) => {
      const { instrument, matchers } = call.request;
      return audit.run(
        call,
        {
          action: 'EvictSeries',
          changes: true,
          target: `instrument=${JSON.stringify(instrument)} matchers=${matchers.length}`,
        },
        () => {
          const compiled = compileMatchers(matchers);
          const engineMatchers = compiled.map(({ name, type, value }) => ({ name, type, value }));
          const evicted = onInstrument('instrument', instrument, () =>
            engine().evictSeries(instrument, engineMatchers),
          );
          return { evicted };
        },
      );
    }),
    ForceFlush: unary((call) =>
      audit.run(call, { action: 'ForceFlush', changes: true }, async () => {
        if (!sources.flushPushExporters) {
          throw new GrpcStatusError(
            status.FAILED_PRECONDITION,
            'flushing the push exporters is not available from this server',
          );
        }
        const reports = await sources.flushPushExporters();
        return { deliveries: reports.map(deliveryMessage) };
      }),
    ),
    Health: unary((call) =>
      audit.run(call, { action: 'Health', changes: false }, async () => {
        const report = await sources.health.run();
        return {
          status: STATUSES[report.status],
          live: report.live,
          ready: report.ready,
          checks: report.checks.map((c) => ({
            name: c.name,
            status: STATUSES[c.status],
            message: c.message ?? '',
            detailsJson: c.details ? JSON.stringify(c.details) : '',
            readiness: c.readiness,
            liveness: c.liveness,
            durationMs: c.durationMs,
          })),
          time: millisToTimestamp(Date.parse(report.timestamp)),
        };
      }),
    ),
  };
}

function deliveryMessage(report: PushExporterReport): Delivery {
  const d = report.delivery;
  return {
    exporter: report.exporter,
    endpoints: [...report.endpoints],
    flushError: report.flushError ?? '',
    hasAccounting: d !== undefined,
    pointsExported: d?.pointsExported ?? 0,
    pointsFailed: d?.pointsFailed ?? 0,
    pointsRejected: d?.pointsRejected ?? 0,
    exportsSucceeded: d?.exportsSucceeded ?? 0,
    exportsFailed: d?.exportsFailed ?? 0,
    failuresByReason: { ...(d?.failuresByReason ?? {}) },
    failingReason: d?.failingReason ?? '',
  };
}

function viewMessage(view: Readonly<Record<string, unknown>>): View {
  const text = (key: string): string =>
    typeof view[key] === 'string' ? (view[key] as string) : '';
  return {
    instrument: text('instrument'),
    meter: text('meter'),
    type: text('type'),
    rename: text('rename'),
    drop: view.drop === true,
    cardinalityLimit: typeof view.cardinalityLimit === 'number' ? view.cardinalityLimit : 0,
    attributes: Array.isArray(view.attributes) ? (view.attributes as string[]) : [],
    viewJson: JSON.stringify(view),
  };
}
