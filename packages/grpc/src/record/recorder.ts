import type { Attributes, Meter } from '@opentelemetry/api';
import { status } from '@grpc/grpc-js';
import type { EngineAdmin, InstrumentKind as EngineKind } from '@meterline/engine';
import type { Measurement__Output } from '../generated/meterline/metrics/v1/Measurement.js';
import { GrpcStatusError, invalidArgument } from '../status.js';
import { validateMeasurement, type RecordKind, type ValidMeasurement } from './validate.js';

/** The meter (scope) `Record`'s instruments belong to. */
export const RECORD_METER = '@meterline/grpc/record';
/** Most measurements in one request. */
export const MAX_MEASUREMENTS = 1000;

interface Entry {
  readonly kind: RecordKind;
  readonly unit: string;
  record(value: number, attributes: Attributes): void;
}

/** Options of {@link Recorder}. */
export interface RecorderOptions {
  /** The meter instruments are created on (resolved per request). */
  readonly meter: () => Meter;
  /** The engine's admin, to refuse a kind that contradicts an instrument the service made. */
  readonly admin: () => EngineAdmin | undefined;
  /** Instruments `Record` may create. @default 1000 */
  readonly maxInstruments?: number;
}

/**
 * Records measurements from `RecordRequest`s through the OTel API, creating instruments on first
 * use. A request is all or nothing: every measurement is validated before the first is recorded.
 * Series limits and attribute limits are the engine's, as for any API call.
 */
export class Recorder {
  private readonly instruments = new Map<string, Entry>();
  private readonly maxInstruments: number;

  constructor(private readonly options: RecorderOptions) {
    this.maxInstruments = options.maxInstruments ?? 1000;
  }

  /**
   * Records every measurement; returns the names of the instruments created.
   * @throws GrpcStatusError INVALID_ARGUMENT for a bad measurement, FAILED_PRECONDITION for a kind
   *   or unit that contradicts the instrument's, RESOURCE_EXHAUSTED past `maxInstruments`.
   */
  record(measurements: readonly Measurement__Output[]): string[] {
    if (measurements.length === 0) throw invalidArgument('measurements', 'must not be empty');
    if (measurements.length > MAX_MEASUREMENTS) {
      throw invalidArgument(
        'measurements',
        `at most ${MAX_MEASUREMENTS} per request, got ${measurements.length}`,
      );
    }
    const valid = measurements.map((m, i) => validateMeasurement(m, `measurements[${i}]`));
    const toCreate = new Map<string, ValidMeasurement>();
    valid.forEach((m, i) => this.check(m, `measurements[${i}]`, toCreate));
    if (this.instruments.size + toCreate.size > this.maxInstruments) {
      throw new GrpcStatusError(
        status.RESOURCE_EXHAUSTED,
        `measurements: Record may create at most ${this.maxInstruments} instruments`,
      );
    }
    const meter = this.options.meter();
    for (const m of toCreate.values()) this.instruments.set(m.instrument, create(meter, m));
    for (const m of valid) this.instruments.get(m.instrument)!.record(m.value, m.attributes);
    return [...toCreate.keys()];
  }

  private check(m: ValidMeasurement, at: string, toCreate: Map<string, ValidMeasurement>): void {
    const known = this.instruments.get(m.instrument) ?? toCreate.get(m.instrument);
    if (known) {
      if (known.kind !== m.kind) throw conflict(`${at}.kind`, m.instrument, known.kind, m.kind);
      if (m.unit !== '' && m.unit !== known.unit) {
        throw new GrpcStatusError(
          status.FAILED_PRECONDITION,
          `${at}.unit: instrument "${m.instrument}" has unit "${known.unit}", not "${m.unit}"`,
        );
      }
      return;
    }
    const existing = this.options
      .admin()
      ?.instruments()
      .find((i) => i.name === m.instrument && !sameKind(i.kind, m.kind));
    if (existing) throw conflict(`${at}.kind`, m.instrument, existing.kind, m.kind);
    toCreate.set(m.instrument, m);
  }
}

function sameKind(engine: EngineKind, kind: RecordKind): boolean {
  return engine === kind;
}

function conflict(field: string, name: string, has: string, asked: string): GrpcStatusError {
  return new GrpcStatusError(
    status.FAILED_PRECONDITION,
    `${field}: instrument "${name}" is a ${has}, not a ${asked}`,
  );
}

function create(meter: Meter, m: ValidMeasurement): Entry {
  const options = { unit: m.unit, description: m.description };
  const base = { kind: m.kind, unit: m.unit };
  switch (m.kind) {
    case 'counter': {
      const c = meter.createCounter(m.instrument, options);
      return { ...base, record: (v, a) => c.add(v, a) };
    }
    case 'up_down_counter': {
      const c = meter.createUpDownCounter(m.instrument, options);
      return { ...base, record: (v, a) => c.add(v, a) };
    }
    case 'histogram': {
      const h = meter.createHistogram(m.instrument, options);
      return { ...base, record: (v, a) => h.record(v, a) };
    }
    case 'gauge': {
      const g = meter.createGauge(m.instrument, options);
      return { ...base, record: (v, a) => g.record(v, a) };
    }
  }
}
