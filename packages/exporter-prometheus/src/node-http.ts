import { createRequire } from 'node:module';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

/**
 * `node:http` and `node:https`, loaded with `require`. On Node 22 and 24 an ESM `import` of
 * either builds the module namespace by reading every export, and one export is a lazy getter that
 * loads undici: 80-190 ms of start-up, on the path to a service's first answered scrape (measured:
 * `node --input-type=module -e "await import('node:http')"` against `require('node:http')`,
 * 120 ms against 10 ms; `node bench/run.mjs --only cold-start` shows the whole effect).
 */
const require = createRequire(import.meta.url);
export const http = require('node:http') as typeof Http;

/** `node:https`, loaded at the first TLS server: it brings `node:tls`, which plain HTTP never needs. */
export function https(): typeof Https {
  return require('node:https') as typeof Https;
}
