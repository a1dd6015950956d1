import type { Meter } from '@opentelemetry/api';
import type { EngineMeter } from './meter.js';

/**
 * The engine's own counters, per instrument: measurements folded into the overflow series because
 * the cardinality limit was reached, measurements dropped as invalid, by reason, and series an
 * administrator's action removed (merged into the overflow series by a lowered limit, or evicted).
 * Only instruments with a non-zero count are reported.
 */
export function registerSelfMetrics(meter: Meter, meters: () => Iterable<EngineMeter>): void {
  const overflowed = meter.createObservableCounter('meterline.engine.measurements.overflowed', {
    description:
      'Measurements recorded into the overflow series (otel.metric.overflow="true") because the instrument held as many series as its cardinality limit allows.',
    unit: '{measurement}',
  });
  const rejected = meter.createObservableCounter('meterline.engine.measurements.rejected', {
    description:
      'Measurements dropped because their value or an attribute was invalid (NaN, infinite, negative on a counter or histogram, not a number), by reason.',
    unit: '{measurement}',
  });
  const removed = meter.createObservableCounter('meterline.engine.series.removed', {
    description:
      'Series removed at runtime through the engine administration: merged into the overflow series because the cardinality limit was lowered below their count (reason="limit_lowered"), or evicted by matcher (reason="evicted").',
    unit: '{series}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const engineMeter of meters()) {
        const seen = new Set<unknown>();
        for (const stream of engineMeter.streams) {
          const metric = stream.storage.descriptor.name;
          const storage = stream.storage;
          if (storage.overflowed > 0) result.observe(overflowed, storage.overflowed, { metric });
          if (storage.folded > 0) {
            result.observe(removed, storage.folded, { metric, reason: 'limit_lowered' });
          }
          if (storage.evicted > 0) {
            result.observe(removed, storage.evicted, { metric, reason: 'evicted' });
          }
          if (seen.has(stream.rejections)) continue;
          seen.add(stream.rejections);
          for (const [reason, count] of stream.rejections.counts) {
            result.observe(rejected, count, { metric, reason });
          }
        }
      }
    },
    [overflowed, rejected, removed],
  );
}
