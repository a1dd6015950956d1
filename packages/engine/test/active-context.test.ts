import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import { type DataPoint, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONTEXT_PROBE_INTERVAL_MS, contextWatch } from '../src/context-watch.js';
import { MeterProvider, type Exemplar, type ExemplarFilter } from '../src/index.js';
import { pollUntil } from '../../../test/support/poll.js';
import { TestReader } from './support/test-reader.js';

// Exemplars from the *active* context, as a tracing SDK sets it (a real AsyncLocalStorage context
// manager), and the shortcut the recording path takes while no context manager is registered.

class Reader extends TestReader {
  async exemplars(name: string): Promise<(Exemplar[] | undefined)[]> {
    const { resourceMetrics } = await this.collect();
    return points(resourceMetrics, name).map((p) => p.exemplars);
  }
}

function points(
  resourceMetrics: ResourceMetrics,
  name: string,
): (DataPoint<unknown> & { exemplars?: Exemplar[] })[] {
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m: MetricData) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as (DataPoint<unknown> & { exemplars?: Exemplar[] })[];
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const sampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  traceFlags: TraceFlags.SAMPLED,
});

const providers: MeterProvider[] = [];
function setup(exemplarFilter: ExemplarFilter = 'trace_based') {
  const reader = new Reader();
  const provider = new MeterProvider({ readers: [reader], exemplarFilter, selfMetrics: false });
  providers.push(provider);
  return { reader, meter: provider.getMeter('test') };
}

afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.shutdown()));
  context.disable();
  vi.restoreAllMocks();
});

describe('exemplars from the active context', () => {
  it('never reads the active context per recording while no context manager is registered', async () => {
    const { reader, meter } = setup();
    expect(contextWatch.managed).toBe(false);
    const active = vi.spyOn(context, 'active');
    const counter = meter.createCounter('c');
    const histogram = meter.createHistogram('h');
    for (let i = 0; i < 100; i++) {
      counter.add(1);
      histogram.record(i);
    }
    expect(active).not.toHaveBeenCalled();
    expect(await reader.exemplars('c')).toEqual([undefined]);
    // An explicit context is still looked at.
    counter.add(2, {}, sampled);
    expect((await reader.exemplars('c'))[0]?.map((e) => [e.value, e.spanId])).toEqual([
      [2, SPAN_ID],
    ]);
  });

  it('still takes exemplars without ids under always_on while no context manager is registered', async () => {
    const { reader, meter } = setup('always_on');
    meter.createCounter('c').add(7);
    const [exemplars] = await reader.exemplars('c');
    expect(exemplars?.map((e) => [e.value, e.traceId, e.spanId])).toEqual([
      [7, undefined, undefined],
    ]);
  });

  it('takes the span of the active context once a context manager is registered first', async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const { reader, meter } = setup();
    expect(contextWatch.managed).toBe(true);
    const counter = meter.createCounter('c');
    context.with(sampled, () => counter.add(3, { at: 'sync' }));
    // Across an await: the AsyncLocalStorage manager carries the span on.
    await context.with(sampled, async () => {
      await Promise.resolve();
      counter.add(4, { at: 'after-await' });
    });
    counter.add(5, { at: 'outside' }); // outside the span: not eligible
    const exemplars = await reader.exemplars('c');
    expect(exemplars.map((list) => list?.map((e) => [e.value, e.traceId, e.spanId]))).toEqual([
      [[3, TRACE_ID, SPAN_ID]],
      [[4, TRACE_ID, SPAN_ID]],
      undefined,
    ]);
  });

  it('notices a context manager registered after the engine started, at the next collection', async () => {
    const { reader, meter } = setup();
    expect(contextWatch.managed).toBe(false);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    await reader.exemplars('c'); // a collection probes again
    expect(contextWatch.managed).toBe(true);
    const histogram = meter.createHistogram('h', { advice: { explicitBucketBoundaries: [10] } });
    context.with(sampled, () => histogram.record(6));
    const [exemplars] = await reader.exemplars('h');
    expect(exemplars?.map((e) => [e.value, e.spanId])).toEqual([[6, SPAN_ID]]);
  });

  it(`notices one within ${CONTEXT_PROBE_INTERVAL_MS} ms without a collection, and its removal`, async () => {
    const { reader, meter } = setup();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    await pollUntil(() => (contextWatch.managed ? true : undefined), {
      timeoutMs: 5 * CONTEXT_PROBE_INTERVAL_MS,
      what: 'the watch to see the context manager',
    });
    const counter = meter.createCounter('c');
    context.with(sampled, () => counter.add(8));
    expect((await reader.exemplars('c'))[0]?.map((e) => e.value)).toEqual([8]);
    context.disable();
    await pollUntil(() => (contextWatch.managed ? undefined : true), {
      timeoutMs: 5 * CONTEXT_PROBE_INTERVAL_MS,
      what: 'the watch to see the context manager gone',
    });
  });
});
