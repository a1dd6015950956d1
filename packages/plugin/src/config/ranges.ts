import { onFirstUse } from './on-first-use.js';
import { z } from './zod.js';

/**
 * The longest delay Node's timers take: 2^31 - 1 ms (about 24.8 days). A larger value is not
 * rejected by `setTimeout`/`setInterval` but silently becomes 1 ms, so an export interval of
 * 2^31 ms would push hundreds of times per second.
 */
export const MAX_TIMER_MILLIS = 2_147_483_647;

/** Bounds of one numeric setting. */
export interface Range {
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
}

function wholeNumber(what: string, range: Range, note = '') {
  const error = `expected a whole number of ${what} from ${range.min} to ${range.max}${note}`;
  return z.number({ error }).int({ error }).min(range.min, { error }).max(range.max, { error });
}

/**
 * A duration in milliseconds, checked at start-up: a whole number in `range` (by default 1 ms to
 * {@link MAX_TIMER_MILLIS}). The error names the allowed range; the config loader adds where the
 * value came from (file and line, variable, or code).
 */
export function millisSchema(range: Range = { min: 1, max: MAX_TIMER_MILLIS }) {
  return wholeNumber(
    'milliseconds',
    range,
    range.max === MAX_TIMER_MILLIS ? " (2^31-1, Node's longest timer)" : '',
  );
}

/** A size in bytes: a whole number in `range`. */
export function bytesSchema(range: Range) {
  return wholeNumber('bytes', range);
}

/** A count (connections, files, series): a whole number in `range`. */
export function countSchema(what: string, range: Range) {
  return wholeNumber(what, range);
}

const PORT_ERROR = 'expected a port number (an integer 0-65535)';

const buildPortSchema = () =>
  z
    .number({ error: PORT_ERROR })
    .int({ error: PORT_ERROR })
    .min(0, { error: PORT_ERROR })
    .max(65535, { error: PORT_ERROR });

/**
 * A TCP port, 0 (ask the OS for a free one) to 65535; shared so every port reads the same. Built
 * at its first use: a service whose configuration is checked without zod never builds it (nor, in
 * the bundled package, loads zod: see ./zod.ts).
 */
export const portSchema: ReturnType<typeof buildPortSchema> = onFirstUse(buildPortSchema);
