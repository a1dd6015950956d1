/** The logger the engine reports through: Meterline's `Logger` shape (structurally). */
export interface EngineLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/** Why a measurement was not recorded. */
export type RejectReason =
  'not-a-number' | 'not-finite' | 'negative' | 'invalid-attribute' | 'callback-failed';

const REASON_TEXT: Record<RejectReason, string> = {
  'not-a-number': 'a value that is not a number',
  'not-finite': 'a NaN or infinite value',
  negative: 'a negative value, which this instrument cannot take',
  'invalid-attribute': 'an attribute value that is not a string, number, boolean or array of them',
  'callback-failed': 'an observable callback that threw or timed out',
};

/**
 * Counts what an instrument dropped, by reason, and tells the logger once per instrument and
 * reason (a hot loop of bad values must not flood the log). The counts feed the engine's
 * `meterline.engine.measurements.rejected` self-metric.
 */
export class Rejections {
  readonly counts = new Map<RejectReason, number>();

  constructor(
    private readonly instrument: string,
    private readonly logger: EngineLogger,
  ) {}

  /**
   * Counts one dropped measurement. `observed`: it came from an observable callback, where
   * instrumentations report transient NaN and infinities (host-metrics' CPU utilization over a zero
   * interval at start-up): told at info level, still counted.
   */
  add(reason: RejectReason, detail: string, observed = false): void {
    const count = this.counts.get(reason);
    this.counts.set(reason, (count ?? 0) + 1);
    if (count === undefined) {
      const say = observed ? (this.logger.info ?? this.logger.warn) : this.logger.warn;
      say.call(
        this.logger,
        `instrument ${JSON.stringify(this.instrument)} got ${REASON_TEXT[reason]} (${detail}): ` +
          'dropped; further drops of this kind are counted in meterline.engine.measurements.rejected, not logged',
      );
    }
  }
}

/** Says once per instrument that attribute limits cut its attributes (the key, never the value). */
export class CutReporter {
  private said = false;

  constructor(
    private readonly instrument: string,
    private readonly logger: EngineLogger,
    private readonly limits: { readonly valueLength: number; readonly count: number },
  ) {}

  readonly report = (key: string): void => {
    if (this.said) return;
    this.said = true;
    this.logger.warn(
      `instrument ${this.instrument}: attributes cut to the limits (values to ${this.limits.valueLength} ` +
        `characters, at most ${this.limits.count} attributes), first at key "${key.slice(0, 100)}"; ` +
        'set metrics.attributeLimits or OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT / OTEL_ATTRIBUTE_COUNT_LIMIT to change them',
    );
  };
}

export const silentEngineLogger: EngineLogger = { warn() {} };
