import type { ExemplarFilter } from './exemplars.js';

/**
 * Runtime control of a running engine: the contract between `@meterline/engine` and what
 * administers it (the gRPC `MetricsAdminService` and `MetricsService`). Every method acts at once,
 * without a restart; a change shows in the next collection of every reader.
 */
export type InstrumentKind =
  | 'counter'
  | 'up_down_counter'
  | 'histogram'
  | 'gauge'
  | 'observable_counter'
  | 'observable_up_down_counter'
  | 'observable_gauge';

/** One instrument as the engine knows it (all scopes that created the name are listed apart). */
export interface InstrumentInfo {
  readonly name: string;
  readonly scope: { readonly name: string; readonly version?: string; readonly schemaUrl?: string };
  readonly kind: InstrumentKind;
  readonly unit: string;
  readonly description: string;
  readonly valueType: 'int' | 'double';
  /** Live series of the instrument (the largest count among its streams and readers). */
  readonly seriesCount: number;
  /** The series limit in force: a runtime override, or what views and readers configured. */
  readonly cardinalityLimit: number;
  /** True unless switched off at runtime with `setEnabled(name, false)`. */
  readonly enabled: boolean;
}

/** A PromQL-style label matcher over attribute keys as recorded (not sanitized). */
export interface LabelMatcher {
  readonly name: string;
  readonly type: '=' | '!=' | '=~' | '!~';
  /** For `=~`/`!~`: a JavaScript regular expression, anchored at both ends like PromQL's. */
  readonly value: string;
}

export interface EngineAdmin {
  /** Every instrument created so far, in creation order. */
  instruments(): InstrumentInfo[];
  /**
   * Sets the series limit of every stream of instrument `name` (in every scope); `undefined`
   * restores the configured one. Returns the instruments changed.
   * @throws UnknownInstrumentError when no instrument has that name.
   * @throws RangeError when `limit` is not an integer >= 1.
   */
  setCardinalityLimit(name: string, limit: number | undefined): InstrumentInfo[];
  /**
   * Switches instrument `name` off (recordings dropped, series no longer exported) or back on
   * (starting from zero). Returns the instruments changed.
   * @throws UnknownInstrumentError when no instrument has that name.
   */
  setEnabled(name: string, enabled: boolean): InstrumentInfo[];
  /** The exemplar filter in force. */
  exemplarFilter(): ExemplarFilter;
  /** Replaces the exemplar filter for every instrument, from the next measurement on. */
  setExemplarFilter(filter: ExemplarFilter): void;
  /**
   * Forgets the series of instrument `name` whose attributes match every matcher (no matcher: all
   * of them). Returns how many series were evicted.
   * @throws UnknownInstrumentError when no instrument has that name.
   * @throws SyntaxError naming the matcher when a regular expression does not compile.
   */
  evictSeries(name: string, matchers: readonly LabelMatcher[]): number;
}

/** Thrown by `EngineAdmin` methods given a name no instrument has. */
export class UnknownInstrumentError extends Error {
  constructor(readonly instrument: string) {
    super(`no instrument is named "${instrument}"`);
    this.name = 'UnknownInstrumentError';
  }
}
