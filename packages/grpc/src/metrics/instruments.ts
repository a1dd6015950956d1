import type { InstrumentInfo } from '@meterline/engine';
import type { Instrument } from '../generated/meterline/metrics/v1/Instrument.js';
import type { InstrumentKind } from '../generated/meterline/metrics/v1/InstrumentKind.js';
import { selectMetrics } from '../query/convert.js';
import type { GrpcSources } from '../sources.js';

/** An engine instrument as the API's message. */
export function instrumentMessage(info: InstrumentInfo): Instrument {
  return {
    name: info.name,
    scope: {
      name: info.scope.name,
      version: info.scope.version ?? '',
      schemaUrl: info.scope.schemaUrl ?? '',
    },
    kind: `INSTRUMENT_KIND_${info.kind.toUpperCase()}` as InstrumentKind,
    unit: info.unit,
    description: info.description,
    seriesCount: info.seriesCount,
    cardinalityLimit: info.cardinalityLimit,
    enabled: info.enabled,
  };
}

/**
 * Every instrument: from the engine's admin when the service runs Meterline's engine, else what a
 * collection shows (series counted from its points, the default limit, all enabled).
 */
export async function listInstruments(
  sources: GrpcSources,
  timeoutMillis: number,
): Promise<Instrument[]> {
  const admin = sources.admin();
  if (admin) return admin.instruments().map(instrumentMessage);
  const { resourceMetrics } = await sources.collect(timeoutMillis);
  return selectMetrics(resourceMetrics, undefined, []).map((m) => ({
    name: m.name,
    scope: m.scope,
    kind: m.kind,
    unit: m.unit,
    description: m.description,
    seriesCount: m.points.length,
    cardinalityLimit: sources.cardinalityLimit,
    enabled: true,
  }));
}
