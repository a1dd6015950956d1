import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@meterline/engine';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider as SdkMeterProvider,
  type CollectionResult,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { PullMetricReader } from '../src/pull-reader.js';

const providers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  while (providers.length) await providers.pop()!.shutdown();
});

/** A producer with one counter point `other.total` = 5, and `errors`. */
function producer(errors: unknown[] = []): MetricProducer & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    collect(options): Promise<CollectionResult> {
      asked.push(options?.timeoutMillis ?? -1);
      return Promise.resolve({
        resourceMetrics: {
          resource: emptyResource(),
          scopeMetrics: [
            {
              scope: { name: 'merged' },
              metrics: [
                {
                  descriptor: {
                    name: 'other',
                    description: '',
                    unit: '',
                    valueType: ValueType.INT,
                  },
                  aggregationTemporality: AggregationTemporality.CUMULATIVE,
                  dataPointType: DataPointType.SUM,
                  isMonotonic: true,
                  dataPoints: [{ attributes: {}, startTime: [1, 0], endTime: [2, 0], value: 5 }],
                },
              ],
            },
          ],
        },
        errors,
      });
    },
  };
}

describe('PullMetricReader with metricProducers', () => {
  for (const sliced of [true, false]) {
    it(`adds the producers' scopes and errors to ${sliced ? 'a sliced' : 'a single-pass'} collection, under the provider's resource`, async () => {
      const extra = producer([new Error('worker w2 did not answer')]);
      const reader = new PullMetricReader({ metricProducers: [extra] });
      const resource = resourceFromAttributes({ 'service.name': 'svc' });
      // The engine's producer collects in slices; the SDK's provider (metrics.engine: sdk) does not.
      const provider = sliced
        ? new MeterProvider({ resource, readers: [reader], selfMetrics: false })
        : new SdkMeterProvider({ resource, readers: [reader] });
      providers.push(provider);
      provider.getMeter('own').createCounter('mine').add(2);
      expect(reader.collectsInSlices).toBe(sliced);
      const result = await reader.collectWithin(1234);
      expect(result.resourceMetrics.resource.attributes['service.name']).toBe('svc');
      expect(result.resourceMetrics.scopeMetrics.map((s) => s.scope.name)).toEqual([
        'own',
        'merged',
      ]);
      expect(result.errors.map(String)).toEqual(['Error: worker w2 did not answer']);
      // The scrape's timeout reaches the producer (a cluster primary caps its wait by it).
      expect(extra.asked).toEqual([1234]);
    });
  }
});
