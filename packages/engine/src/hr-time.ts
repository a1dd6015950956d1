import type { HrTime } from '@opentelemetry/api';

/**
 * Epoch milliseconds as an `HrTime` `[seconds, nanoseconds]`: `@opentelemetry/core`'s
 * `millisToHrTime`, stated here so a service does not load core (29 modules) to start. Same
 * arithmetic, rounding included (seconds truncated toward zero, the remainder's nanoseconds
 * rounded); packages/engine/test/hr-time.test.ts holds it to core's over many values.
 */
export function millisToHrTime(epochMillis: number): HrTime {
  const epochSeconds = epochMillis / 1000;
  return [Math.trunc(epochSeconds), Math.round((epochMillis % 1000) * 1_000_000)];
}
