import { diag } from '@opentelemetry/api';

/**
 * Calls a gauge source the service supplied. A throw means "no value this collection", not a failed
 * scrape: it is reported once per collection through OpenTelemetry's `diag` as
 * `<owner>: a gauge source threw, skipping it this collection: <error>`, and `undefined` returned.
 */
export function readSafely<T>(owner: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    diag.warn(`${owner}: a gauge source threw, skipping it this collection: ${String(error)}`);
    return undefined;
  }
}
