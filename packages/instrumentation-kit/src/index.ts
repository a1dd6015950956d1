export { GO_DEFAULT_BUCKETS, LATENCY_1MS_10S_BUCKETS } from './buckets.js';
export { counter, gauge, histogram, secondsHistogram, upDownCounter } from './instruments.js';
export type { HistogramSpec, InstrumentSpec } from './instruments.js';
export { AttributeCache } from './attribute-cache.js';
export { secondsSince, timed } from './timing.js';
export type { Outcome } from './timing.js';
export { TimedOperations } from './operations.js';
export type { TimedOperationsSpec } from './operations.js';
export { readSafely } from './read-safely.js';
