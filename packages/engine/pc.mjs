import { MeterProvider } from '/work/main/packages/engine/dist/index.js';
import { MetricReader } from '@opentelemetry/sdk-metrics';
class R extends MetricReader {
  onShutdown() {
    return Promise.resolve();
  }
  onForceFlush() {
    return Promise.resolve();
  }
}
const p = new MeterProvider({ readers: [new R()] });
const c = p.getMeter('b').createCounter('c');
const M = ['GET', 'POST', 'PUT', 'DELETE'],
  S = ['200', '404'];
function benchLoop(n) {
  for (let i = 0; i < n; i++)
    c.add(1, { method: M[i & 3], route: '/api/items', status_code: S[(i >> 2) & 1] });
}
for (let k = 0; k < 5; k++) {
  const n = 2e6;
  const t = process.hrtime.bigint();
  benchLoop(n);
  console.log(Number(process.hrtime.bigint() - t) / n, 'ns/call');
}
