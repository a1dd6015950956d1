import {
  ValueType,
  type Attributes,
  type Context,
  type Counter,
  type Gauge,
  type Histogram,
  type ObservableCallback,
  type ObservableCounter,
  type ObservableGauge,
  type ObservableUpDownCounter,
  type UpDownCounter,
} from '@opentelemetry/api';
import type { Rejections } from './diagnostics.js';
import type { InstrumentDescriptor } from './descriptor.js';
import type { AsyncStorage } from './storage/async-storage.js';

/** The recording side every synchronous storage offers. */
export interface Recorder {
  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void;
}

/** Fans one recording out to every storage of an instrument (several matching views). */
export class FanOut implements Recorder {
  constructor(private readonly targets: readonly Recorder[]) {}

  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    for (const target of this.targets) target.record(value, attributes, context);
  }
}

/** What every synchronous instrument holds: where values go and where bad ones are counted. */
abstract class SyncInstrument {
  protected readonly integer: boolean;

  constructor(
    readonly descriptor: InstrumentDescriptor,
    protected readonly target: Recorder,
    protected readonly rejections: Rejections,
  ) {
    this.integer = descriptor.valueType === ValueType.INT;
  }

  /** The value to record, or undefined (reported) when it must be dropped. */
  protected checked(value: number, nonNegative: boolean): number | undefined {
    if (typeof value !== 'number') {
      this.rejections.add('not-a-number', `got ${typeof value}`);
      return undefined;
    }
    if (value - value !== 0) {
      this.rejections.add('not-finite', `got ${value}`);
      return undefined;
    }
    if (nonNegative && value < 0) {
      this.rejections.add('negative', `got ${value}`);
      return undefined;
    }
    return this.integer ? Math.trunc(value) : value;
  }
}

export class CounterInstrument extends SyncInstrument implements Counter {
  add(value: number, attributes?: Attributes, context?: Context): void {
    // Fast path first: a finite, non-negative number (NaN and infinities fail `value - value === 0`).
    if (typeof value === 'number' && value >= 0 && value - value === 0 && !this.integer) {
      this.target.record(value, attributes, context);
      return;
    }
    const checked = this.checked(value, true);
    if (checked !== undefined) this.target.record(checked, attributes, context);
  }
}

export class UpDownCounterInstrument extends SyncInstrument implements UpDownCounter {
  add(value: number, attributes?: Attributes, context?: Context): void {
    if (typeof value === 'number' && value - value === 0 && !this.integer) {
      this.target.record(value, attributes, context);
      return;
    }
    const checked = this.checked(value, false);
    if (checked !== undefined) this.target.record(checked, attributes, context);
  }
}

export class HistogramInstrument extends SyncInstrument implements Histogram {
  record(value: number, attributes?: Attributes, context?: Context): void {
    if (typeof value === 'number' && value >= 0 && value - value === 0 && !this.integer) {
      this.target.record(value, attributes, context);
      return;
    }
    const checked = this.checked(value, true);
    if (checked !== undefined) this.target.record(checked, attributes, context);
  }
}

export class GaugeInstrument extends SyncInstrument implements Gauge {
  record(value: number, attributes?: Attributes, context?: Context): void {
    if (typeof value === 'number' && value - value === 0 && !this.integer) {
      this.target.record(value, attributes, context);
      return;
    }
    const checked = this.checked(value, false);
    if (checked !== undefined) this.target.record(checked, attributes, context);
  }
}

/** Registers and removes callbacks; the meter's registry runs them at collection. */
export interface CallbackRegistry {
  add(instrument: ObservableInstrument, callback: ObservableCallback): void;
  remove(instrument: ObservableInstrument, callback: ObservableCallback): void;
}

/** An observable instrument: its storages (one per matching view) and callbacks. */
export class ObservableInstrument
  implements ObservableCounter, ObservableGauge, ObservableUpDownCounter
{
  constructor(
    readonly descriptor: InstrumentDescriptor,
    readonly storages: readonly AsyncStorage[],
    readonly rejections: Rejections,
    private readonly registry: CallbackRegistry,
    /** Cuts observed attributes over the limits, or undefined without limits. */
    readonly limitAttributes: ((attributes: Attributes) => Attributes) | undefined = undefined,
  ) {}

  /** True when every storage was switched off at runtime: its callbacks need not run. */
  get disabled(): boolean {
    return this.storages.length > 0 && this.storages.every((s) => s.disabled);
  }

  addCallback(callback: ObservableCallback): void {
    this.registry.add(this, callback);
  }

  removeCallback(callback: ObservableCallback): void {
    this.registry.remove(this, callback);
  }
}
