// `node:http` for the cold-start children, loaded with `require`, as a CommonJS service loads it
// and as Meterline's Prometheus plug-in does (packages/exporter-prometheus/src/node-http.ts).
//
// An ES module `import` of `node:http` costs far more on Node 22 and 24: building the module's
// namespace reads every export, and `WebSocket`, `MessageEvent` and `CloseEvent` are getters that
// load undici (about 80-170 ms on a busy 2-core machine, against 70 ms for a whole `node` that
// requires it: compare `node --input-type=module -e "import 'node:http'"` with
// `node -e "require('node:http')"`). Until December 2026 the prom-client and stock OTel children
// imported it and paid that, and the Meterline child did not: the peers' cold starts were slower by
// a cost that is Node's, not theirs.
import { createRequire } from 'node:module';
import type * as Http from 'node:http';

export const { createServer } = createRequire(import.meta.url)('node:http') as typeof Http;
