import { MeterProvider } from '@meterline/engine';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  MeterProvider as SdkMeterProvider,
  MetricReader,
  type CollectionResult,
  type IMetricReader,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { PullMetricReader } from '../src/pull-reader.js';

// PullMetricReader implements the SDK's IMetricReader itself (extending MetricReader would load all
// of @opentelemetry/sdk-metrics on every service's start path). The SDK's MetricReader is the
// oracle: the same calls give the same results and the same errors.

class StockReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const resource = resourceFromAttributes({ 'service.name': 'svc' });
const providers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  while (providers.length) await providers.pop()!.shutdown();
});

/** A producer serving one scope with one gauge, or failing with `error`. */
function producer(scope: string, error?: Error): MetricProducer {
  return {
    collect: () =>
      Promise.resolve({
        resourceMetrics: {
          resource,
          scopeMetrics: [{ scope: { name: scope }, metrics: [] }],
        },
        errors: error ? [error] : [],
      }),
  };
}

const scopes = (result: CollectionResult) =>
  result.resourceMetrics.scopeMetrics.map((s) => s.scope.name);

/** Runs `act` on both readers; resolves with each outcome (value or error message). */
async function both<T>(
  act: (reader: IMetricReader) => Promise<T> | T,
  make: {
    pull: () => PullMetricReader;
    stock: () => MetricReader;
  } = { pull: () => new PullMetricReader(), stock: () => new StockReader() },
): Promise<{ pull: unknown; stock: unknown }> {
  const outcome = async (reader: IMetricReader) => {
    try {
      return await act(reader);
    } catch (error) {
      return `threw: ${(error as Error).message}`;
    }
  };
  return { pull: await outcome(make.pull()), stock: await outcome(make.stock()) };
}

describe('PullMetricReader against the SDK MetricReader', () => {
  it('rejects a collection before a meter provider binds it, with the same message', async () => {
    const { pull, stock } = await both((reader) => reader.collect());
    expect(pull).toBe('threw: MetricReader is not bound to a MetricProducer');
    expect(pull).toEqual(stock);
  });

  it('refuses a second binding, with the same message', async () => {
    const { pull, stock } = await both((reader) => {
      reader.setMetricProducer(producer('a'));
      reader.setMetricProducer(producer('b'));
    });
    expect(pull).toBe('threw: MetricReader can not be bound to a MeterProvider again.');
    expect(pull).toEqual(stock);
  });

  it('collects the bound producer then the other producers, errors concatenated', async () => {
    const boom = new Error('boom');
    const others = [producer('other-1'), producer('other-2', boom)];
    const { pull, stock } = await both(
      async (reader) => {
        reader.setMetricProducer(producer('own'));
        const result = await reader.collect({ timeoutMillis: 1000 });
        return { scopes: scopes(result), errors: result.errors };
      },
      {
        pull: () => new PullMetricReader({ metricProducers: others }),
        stock: () => new StockReader({ metricProducers: others }),
      },
    );
    expect(pull).toEqual({ scopes: ['own', 'other-1', 'other-2'], errors: [boom] });
    expect(pull).toEqual(stock);
  });

  it('fails collections after shutdown; a second shutdown and a flush after it resolve', async () => {
    const { pull, stock } = await both(async (reader) => {
      reader.setMetricProducer(producer('own'));
      await reader.shutdown();
      await reader.shutdown();
      await reader.forceFlush();
      return reader.collect();
    });
    expect(pull).toBe('threw: MetricReader is shutdown');
    expect(pull).toEqual(stock);
  });

  it('selects cumulative temporality, default aggregations and its series limit', () => {
    const reader = new PullMetricReader({ cardinalityLimit: 7 });
    const exponential = new PullMetricReader({ histogramAggregation: 'exponential' });
    for (const type of Object.values(InstrumentType)) {
      expect(reader.selectAggregationTemporality(type)).toBe(AggregationTemporality.CUMULATIVE);
      expect(reader.selectAggregation(type)).toEqual({ type: AggregationType.DEFAULT });
      expect(reader.selectCardinalityLimit(type)).toBe(7);
      expect(exponential.selectCardinalityLimit(type)).toBe(2000);
      expect(exponential.selectAggregation(type)).toEqual({
        type:
          type === InstrumentType.HISTOGRAM
            ? AggregationType.EXPONENTIAL_HISTOGRAM
            : AggregationType.DEFAULT,
      });
    }
  });

  for (const [name, make] of [
    ['the SDK', (r: IMetricReader) => new SdkMeterProvider({ resource, readers: [r] })],
    ['the engine', (r: IMetricReader) => new MeterProvider({ resource, readers: [r] })],
  ] as const) {
    it(`serves what ${name}'s meter provider recorded`, async () => {
      const reader = new PullMetricReader();
      const provider = make(reader);
      providers.push(provider);
      provider.getMeter('m').createCounter('requests').add(3, { route: '/a' });
      const result = await reader.collectWithin(1000);
      const metric = result.resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'requests')!;
      expect(metric.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ route: '/a' }, 3]]);
      expect(result.errors).toEqual([]);
    });
  }
});
