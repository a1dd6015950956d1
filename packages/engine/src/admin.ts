import { InstrumentType } from './sdk-enums.js';
import { ValueType } from '@opentelemetry/api';
import {
  UnknownInstrumentError,
  type EngineAdmin,
  type InstrumentInfo,
  type InstrumentKind,
  type LabelMatcher,
} from './admin-types.js';
import type { EngineLogger } from './diagnostics.js';
import { EXEMPLAR_FILTERS, type ExemplarFilter } from './exemplars.js';
import { compileMatchers } from './label-matchers.js';
import type { EngineMeter, EngineSettings, InstrumentRecord } from './meter.js';

const KINDS: Record<InstrumentType, InstrumentKind> = {
  [InstrumentType.COUNTER]: 'counter',
  [InstrumentType.UP_DOWN_COUNTER]: 'up_down_counter',
  [InstrumentType.HISTOGRAM]: 'histogram',
  [InstrumentType.GAUGE]: 'gauge',
  [InstrumentType.OBSERVABLE_COUNTER]: 'observable_counter',
  [InstrumentType.OBSERVABLE_UP_DOWN_COUNTER]: 'observable_up_down_counter',
  [InstrumentType.OBSERVABLE_GAUGE]: 'observable_gauge',
};

/** An instrument of one meter. */
interface Found {
  readonly meter: EngineMeter;
  readonly record: InstrumentRecord;
}

/**
 * The engine's {@link EngineAdmin}: acts on the storages of every meter of one provider, and keeps
 * what it set in the provider's settings so streams created later (another meter creating the
 * same name) get it too. Instrument names are matched case-insensitively (the spec's identity
 * rule), by the name the instrument was created with (not a view's rename).
 *
 * Synchronous, like recording: a call runs between two instruments of a collection (which yields
 * only between instruments), never inside one, so each collection sees a change whole.
 */
export class EngineAdministration implements EngineAdmin {
  constructor(
    private readonly meters: () => Iterable<EngineMeter>,
    private readonly settings: EngineSettings,
    private readonly logger: EngineLogger,
  ) {}

  instruments(): InstrumentInfo[] {
    const all: Found[] = [];
    for (const meter of this.meters()) {
      for (const record of meter.instruments) all.push({ meter, record });
    }
    return all.sort((a, b) => a.record.seq - b.record.seq).map((f) => this.info(f));
  }

  setCardinalityLimit(name: string, limit: number | undefined): InstrumentInfo[] {
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
      throw new RangeError(
        `cardinality limit of ${JSON.stringify(name)}: expected an integer >= 1 (or none, to ` +
          `restore the configured limit), got ${String(limit)}`,
      );
    }
    const found = this.find(name);
    const key = name.toLowerCase();
    if (limit === undefined) this.settings.limits.delete(key);
    else this.settings.limits.set(key, limit);
    let folded = 0;
    for (const { record } of found) {
      for (const storage of record.storages) folded += storage.setLimit(limit);
    }
    if (folded > 0) {
      (this.logger.info ?? this.logger.warn).call(
        this.logger,
        `instrument ${JSON.stringify(name)}: cardinality limit lowered to ${limit}; ${folded} ` +
          'series merged into the otel.metric.overflow="true" series',
      );
    }
    return found.map((f) => this.info(f));
  }

  setEnabled(name: string, enabled: boolean): InstrumentInfo[] {
    if (typeof enabled !== 'boolean') {
      throw new RangeError(`setEnabled(${JSON.stringify(name)}): expected true or false`);
    }
    const found = this.find(name);
    const key = name.toLowerCase();
    if (enabled) this.settings.disabled.delete(key);
    else this.settings.disabled.add(key);
    for (const { record } of found) {
      for (const storage of record.storages) storage.setDisabled(!enabled);
    }
    return found.map((f) => this.info(f));
  }

  exemplarFilter(): ExemplarFilter {
    return this.settings.exemplarFilter;
  }

  setExemplarFilter(filter: ExemplarFilter): void {
    if (!EXEMPLAR_FILTERS.includes(filter)) {
      throw new RangeError(
        `exemplar filter: expected one of ${EXEMPLAR_FILTERS.join(', ')}, got ${JSON.stringify(filter)}`,
      );
    }
    this.settings.exemplarFilter = filter;
    for (const meter of this.meters()) {
      for (const stream of meter.streams) {
        if (stream.sync) stream.storage.setExemplarFilter(filter);
      }
    }
  }

  evictSeries(name: string, matchers: readonly LabelMatcher[]): number {
    const found = this.find(name);
    const test = compileMatchers(matchers);
    let evicted = 0;
    const seen = new Set<unknown>();
    for (const { record } of found) {
      for (const storage of record.storages) {
        if (seen.has(storage)) continue;
        seen.add(storage);
        evicted += storage.evict(test);
      }
    }
    return evicted;
  }

  /** Every instrument named `name` (any case, any meter). */
  private find(name: string): Found[] {
    const key = typeof name === 'string' ? name.toLowerCase() : '';
    const found: Found[] = [];
    for (const meter of this.meters()) {
      for (const record of meter.instruments) {
        if (record.descriptor.name.toLowerCase() === key) found.push({ meter, record });
      }
    }
    if (found.length === 0) throw new UnknownInstrumentError(String(name));
    return found;
  }

  private info({ meter, record }: Found): InstrumentInfo {
    const { descriptor, storages } = record;
    const key = descriptor.name.toLowerCase();
    const { name, version, schemaUrl } = meter.scope;
    const configured = storages.length ? Math.min(...storages.map((s) => s.configuredLimit)) : 0;
    return {
      name: descriptor.name,
      scope: {
        name,
        ...(version ? { version } : {}),
        ...(schemaUrl ? { schemaUrl } : {}),
      },
      kind: KINDS[descriptor.type],
      unit: descriptor.unit,
      description: descriptor.description,
      valueType: descriptor.valueType === ValueType.INT ? 'int' : 'double',
      seriesCount: storages.reduce((most, s) => Math.max(most, s.size), 0),
      cardinalityLimit: this.settings.limits.get(key) ?? configured,
      enabled: !this.settings.disabled.has(key),
    };
  }
}
