// Child: a minimal `node:http` service on a free loopback port. Each request answers `ok` and,
// unless the variant is `none` or recording is switched off, marks itself in flight (an up-down
// counter: +1 when it starts, −1 when it ends, with method and route), increments a request counter
// and records its latency in a histogram (method, route and status code). MARK_PATH reports CPU time
// and counts and switches recording on or off (`?record=on|off`), so one process can be measured in
// both states. `meterline` turns Meterline's default runtime metrics off (recording cost only, like
// the peers); `meterline-runtime` keeps them, as shipped.
import type { Attributes } from '@opentelemetry/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MARK_PATH, type ServiceArgs, type ServiceMark } from '../case-types.js';
import { LISTENING_PREFIX, readArgs, runChild } from '../child-io.js';
import { countSamples, sumSamples } from '../exposition.js';
import {
  otelInFlight,
  otelInstruments,
  promInFlight,
  promInstruments,
  startMeterline,
  startStockOtel,
} from '../setups.js';
import { COUNTER_EXPOSED, IN_FLIGHT } from '../workload.js';

/**
 * The per-request instrumentation: `recordStart` when a request begins, `recordEnd` once it was
 * answered (names of their own, so a CPU profile can be cut at them).
 */
interface Recorder {
  recordStart(method: string): object;
  recordEnd(inFlight: object, method: string, seconds: number): void;
  /** The service's exposition, for the final check. */
  exposition(): Promise<string>;
}

async function instrument(variant: ServiceArgs['variant']): Promise<Recorder | undefined> {
  if (variant === 'none') return undefined;
  if (variant === 'prom-client') {
    const { registry, counter, histogram } = promInstruments();
    const gauge = promInFlight(registry);
    return {
      recordStart(method) {
        const labels = { method, route: '/hello' };
        gauge.inc(labels);
        return labels;
      },
      recordEnd(inFlight, method, seconds) {
        const labels = { method, route: '/hello', status_code: '200' };
        counter.inc(labels);
        histogram.observe(labels, seconds);
        gauge.dec(inFlight as { method: string; route: string });
      },
      exposition: () => registry.metrics(),
    };
  }
  const setup =
    variant === 'otel'
      ? startStockOtel()
      : await startMeterline({ runtimeMetrics: variant === 'meterline-runtime' });
  const { counter, histogram } = otelInstruments(setup.meter);
  const upDown = otelInFlight(setup.meter);
  return {
    recordStart(method) {
      const attributes = { method, route: '/hello' };
      upDown.add(1, attributes);
      return attributes;
    },
    recordEnd(inFlight, method, seconds) {
      const attributes = { method, route: '/hello', status_code: '200' };
      counter.add(1, attributes);
      histogram.record(seconds, attributes);
      upDown.add(-1, inFlight as Attributes);
    },
    exposition: () => setup.exposition(),
  };
}

runChild(async () => {
  const { variant } = readArgs<ServiceArgs>();
  const recorder = await instrument(variant);
  let recording = true;
  let requests = 0;
  let recordedRequests = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith(MARK_PATH)) {
      const cpu = process.cpuUsage();
      const at = performance.now();
      const query = new URLSearchParams(req.url.slice(MARK_PATH.length));
      const mark = (body?: string): ServiceMark => ({
        cpuMicros: cpu.user + cpu.system,
        requests,
        recordedRequests,
        at,
        recorded: body === undefined ? -1 : sumSamples(body, COUNTER_EXPOSED),
        inFlight: body === undefined ? -1 : sumSamples(body, IN_FLIGHT),
        inFlightSeries: body === undefined ? -1 : countSamples(body, IN_FLIGHT),
      });
      const state = query.get('record');
      if (state === 'on' || state === 'off') recording = state === 'on';
      else if (state !== null) {
        res.statusCode = 400;
        res.end(`record must be on or off, got ${JSON.stringify(state)}\n`);
        return;
      }
      const answer = (m: ServiceMark) => res.end(JSON.stringify(m));
      if (query.has('check') && recorder) void recorder.exposition().then((b) => answer(mark(b)));
      else answer(mark());
      return;
    }
    const on = recording;
    const r = on ? recorder : undefined;
    const method = req.method ?? 'GET';
    const start = r ? performance.now() : 0;
    const inFlight = r?.recordStart(method);
    res.setHeader('content-type', 'text/plain');
    res.end('ok\n');
    requests++;
    if (on) recordedRequests++;
    if (r) r.recordEnd(inFlight!, method, (performance.now() - start) / 1000);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A clean exit on SIGTERM, so that `node --cpu-prof` writes its profile (profile-service.ts).
  process.once('SIGTERM', () => process.exit(0));
  process.stdout.write(`${LISTENING_PREFIX}http://127.0.0.1:${port}\n`);
  // Runs until the suite kills it; a bound so a lost parent cannot leave it behind.
  await new Promise((resolve) => setTimeout(resolve, 600_000));
});
