// Child: the service's own request latency, by autocannon at a fixed rate on one loopback URL.
// Bounded by duration and a per-request timeout; failures are counted, never fatal (a starved
// service is a result, not an error).
import autocannon from 'autocannon';
import type { LatencyProbeArgs, LatencyProbeResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';

runChild(async () => {
  const args = readArgs<LatencyProbeArgs>();
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(args.url)) throw new Error(`not loopback: ${args.url}`);
  const result = await autocannon({
    url: args.url,
    connections: args.connections,
    overallRate: args.rate,
    duration: args.seconds,
    timeout: args.timeoutSeconds,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  const attempted = result.requests.total + result.errors + result.timeouts;
  // A starved service answers nothing within the run: in-flight requests are not counted as failed.
  const answered = result.requests.total - result.non2xx;
  const starved = failed > attempted * 0.01 || answered < args.rate * args.seconds * 0.5;
  const probe: LatencyProbeResult = {
    p50Ms: result.latency.p50,
    p99Ms: starved ? args.timeoutSeconds * 1000 : result.latency.p99,
    answered,
    failed,
  };
  emitResult(probe);
});
