// Child: the smallest prom-client service: a counter and a `node:http` server answering
// `register.metrics()` at /metrics.
import { createServer } from './cold-start-http.js';
import type { AddressInfo } from 'node:net';
import { Counter, register } from 'prom-client';
import { LISTENING_PREFIX } from '../child-io.js';

new Counter({ name: 'started_total', help: 'Starts' }).inc();
const server = createServer((req, res) => {
  void register.metrics().then((body) => {
    res.setHeader('content-type', register.contentType);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${LISTENING_PREFIX}http://127.0.0.1:${port}/metrics\n`);
});
