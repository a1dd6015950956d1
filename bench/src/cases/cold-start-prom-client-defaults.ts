// Child: the prom-client service with what Meterline ships by default: the same counter and
// `node:http` server as cold-start-prom-client.ts, plus prom-client's runtime metrics
// (`collectDefaultMetrics()`) and a gzipped body when the scraper accepts gzip (Prometheus does).
// It is the like-for-like companion of the baseline, which serves one counter uncompressed.
import { createServer } from './cold-start-http.js';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Counter, collectDefaultMetrics, register } from 'prom-client';
import { LISTENING_PREFIX } from '../child-io.js';

collectDefaultMetrics();
new Counter({ name: 'started_total', help: 'Starts' }).inc();
const server = createServer((req, res) => {
  void register.metrics().then((body) => {
    res.setHeader('content-type', register.contentType);
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(body, { level: 1 }));
    } else {
      res.end(body);
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${LISTENING_PREFIX}http://127.0.0.1:${port}/metrics\n`);
});
