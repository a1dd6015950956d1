// @prometheus-io/lezer-promql 0.53 ships dist/index.d.ts but its `exports` map has no `types`
// condition, so NodeNext resolution cannot see it. The one export the tests use:
declare module '@prometheus-io/lezer-promql' {
  import type { LRParser } from '@lezer/lr';
  /** The PromQL grammar of the Prometheus web UI. */
  export const parser: LRParser;
}
