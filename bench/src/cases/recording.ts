// Child: ns per recording call for one implementation and one case, in a fresh process.
// Calibrates a batch size, warms up, times `batches` batches, then checks through the
// implementation's own exposition that every call was recorded.
import type { Meter } from '@opentelemetry/api';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { sumSamples } from '../exposition.js';
import { otelInstruments, promInstruments, startMeterline, startStockOtel } from '../setups.js';
import type { RecordingArgs, RecordingCase, RecordingResult } from '../case-types.js';
import { median } from '../stats.js';
import {
  COUNTER_EXPOSED,
  FIXED_ATTRIBUTES,
  HISTOGRAM,
  LATENCIES,
  METHODS,
  STATUS_CODES,
} from '../workload.js';

/** A case ready to run: the loop (named `benchLoop` so profiles can find it) and its check. */
interface Prepared {
  benchLoop(n: number): void;
  recorded(): Promise<number>;
}

function prepareOtel(
  meter: Meter,
  exposition: () => Promise<string>,
  which: RecordingCase,
): Prepared {
  const { counter, histogram } = otelInstruments(meter);
  const countOf = (name: string) => async () => sumSamples(await exposition(), name);
  switch (which) {
    case 'counter-0-attributes':
      return {
        benchLoop(n) {
          for (let i = 0; i < n; i++) counter.add(1);
        },
        recorded: countOf(COUNTER_EXPOSED),
      };
    case 'counter-3-attributes-reused':
      return {
        benchLoop(n) {
          const attributes = FIXED_ATTRIBUTES;
          for (let i = 0; i < n; i++) counter.add(1, attributes);
        },
        recorded: countOf(COUNTER_EXPOSED),
      };
    case 'counter-3-attributes-per-call':
      return {
        benchLoop(n) {
          for (let i = 0; i < n; i++) {
            counter.add(1, {
              method: METHODS[i & 3],
              route: '/api/items',
              status_code: STATUS_CODES[(i >> 2) & 1],
            });
          }
        },
        recorded: countOf(COUNTER_EXPOSED),
      };
    case 'histogram-3-attributes':
      return {
        benchLoop(n) {
          const attributes = FIXED_ATTRIBUTES;
          for (let i = 0; i < n; i++) histogram.record(LATENCIES[i & 1023]!, attributes);
        },
        recorded: countOf(`${HISTOGRAM}_count`),
      };
  }
}

function prepareProm(which: RecordingCase): Prepared {
  const { registry, counter, histogram } = promInstruments(
    which === 'counter-0-attributes' ? [] : undefined,
  );
  const countOf = (name: string) => async () => sumSamples(await registry.metrics(), name);
  switch (which) {
    case 'counter-0-attributes':
      return {
        benchLoop(n) {
          for (let i = 0; i < n; i++) counter.inc();
        },
        recorded: countOf(COUNTER_EXPOSED),
      };
    case 'counter-3-attributes-reused':
      return {
        benchLoop(n) {
          const labels = FIXED_ATTRIBUTES;
          for (let i = 0; i < n; i++) counter.inc(labels);
        },
        recorded: countOf(COUNTER_EXPOSED),
      };
    case 'counter-3-attributes-per-call':
      return {
        benchLoop(n) {
          for (let i = 0; i < n; i++) {
            counter.inc({
              method: METHODS[i & 3],
              route: '/api/items',
              status_code: STATUS_CODES[(i >> 2) & 1],
            });
          }
        },
        recorded: countOf(COUNTER_EXPOSED),
      };
    case 'histogram-3-attributes':
      return {
        benchLoop(n) {
          const labels = FIXED_ATTRIBUTES;
          for (let i = 0; i < n; i++) histogram.observe(labels, LATENCIES[i & 1023]!);
        },
        recorded: countOf(`${HISTOGRAM}_count`),
      };
  }
}

async function prepare(impl: RecordingArgs['impl'], which: RecordingCase): Promise<Prepared> {
  if (impl === 'prom-client') return prepareProm(which);
  const setup = impl === 'meterline' ? await startMeterline() : startStockOtel();
  return prepareOtel(setup.meter, () => setup.exposition(), which);
}

function timeBatch(prepared: Prepared, n: number): number {
  const start = process.hrtime.bigint();
  prepared.benchLoop(n);
  return Number(process.hrtime.bigint() - start);
}

runChild(async () => {
  const args = readArgs<RecordingArgs>();
  const prepared = await prepare(args.impl, args.case);
  let ops = 0;
  // Calibrate: grow the batch until it takes ~10 ms, then size it to batchMs.
  let n = 256;
  let ns = timeBatch(prepared, n);
  ops += n;
  while (ns < 10e6 && n < 2 ** 30) {
    n *= 2;
    ns = timeBatch(prepared, n);
    ops += n;
  }
  n = Math.max(1, Math.round((n * args.batchMs * 1e6) / ns));
  const warmupEnd = performance.now() + args.warmupMs;
  do {
    timeBatch(prepared, n);
    ops += n;
  } while (performance.now() < warmupEnd);
  const batchNsPerOp: number[] = [];
  for (let b = 0; b < args.batches; b++) {
    batchNsPerOp.push(timeBatch(prepared, n) / n);
    ops += n;
  }
  const result: RecordingResult = {
    nsPerOp: median(batchNsPerOp),
    batchNsPerOp,
    ops,
    recorded: await prepared.recorded(),
  };
  emitResult(result);
});
