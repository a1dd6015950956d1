export { createTestMetrics } from './test-metrics.js';
export type { TestMetrics, TestMetricsOptions } from './test-metrics.js';
export { InMemoryMetricReader } from './memory-reader.js';
export type { InMemoryMetricReaderOptions, Temporality } from './memory-reader.js';
export { MetricsSnapshot } from './snapshot.js';
export type { HistogramValue, PointQuery } from './snapshot.js';
export { memoryExporter } from './memory-plugin.js';
export type { MemoryExporter, MemoryOptions } from './memory-plugin.js';
