import type * as Https from 'node:https';

/**
 * `node:http`, and `node:https` at the first TLS server (it brings `node:tls`, which plain HTTP
 * never needs), loaded with `process.getBuiltinModule` like every Node built-in of the start path.
 * On Node 22 and 24 an ESM `import` of `node:http` builds the module namespace by reading every
 * export, and one export is a lazy getter that loads undici: 80-190 ms of start-up, on the path to a
 * service's first answered scrape (measured: `node --input-type=module -e "await
 * import('node:http')"` against `require('node:http')`, 120 ms against 10 ms; `node bench/run.mjs
 * --only cold-start` shows the whole effect).
 */
export const http = process.getBuiltinModule('node:http');

/** `node:https`, loaded at the first TLS server. */
export function https(): typeof Https {
  return process.getBuiltinModule('node:https');
}
