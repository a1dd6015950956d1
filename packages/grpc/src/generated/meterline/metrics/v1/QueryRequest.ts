// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { LabelMatcher as _meterline_metrics_v1_LabelMatcher, LabelMatcher__Output as _meterline_metrics_v1_LabelMatcher__Output } from '../../../meterline/metrics/v1/LabelMatcher.js';
import type { Temporality as _meterline_metrics_v1_Temporality, Temporality__Output as _meterline_metrics_v1_Temporality__Output } from '../../../meterline/metrics/v1/Temporality.js';

/**
 * A query of one instrument's current points.
 */
export interface QueryRequest {
  /**
   * The instrument name (required). Views that rename its stream are found by the new name.
   */
  'instrument'?: (string);
  /**
   * Every matcher must match a series for it to be returned; none: every series.
   */
  'matchers'?: (_meterline_metrics_v1_LabelMatcher)[];
  /**
   * Cumulative (default) or delta view.
   */
  'temporality'?: (_meterline_metrics_v1_Temporality);
  /**
   * Delta view: a key the caller chooses (1 to 128 characters). The server remembers, per cursor,
   * the cumulative values it last answered, and returns the difference; the first query with a
   * cursor (or one unused for longer than the server's cursor time-to-live) returns each series'
   * whole value with `reset` set. Cursors are shared by every caller that knows them; the server
   * keeps a bounded number, forgetting the least recently used.
   */
  'cursor'?: (string);
}

/**
 * A query of one instrument's current points.
 */
export interface QueryRequest__Output {
  /**
   * The instrument name (required). Views that rename its stream are found by the new name.
   */
  'instrument': (string);
  /**
   * Every matcher must match a series for it to be returned; none: every series.
   */
  'matchers': (_meterline_metrics_v1_LabelMatcher__Output)[];
  /**
   * Cumulative (default) or delta view.
   */
  'temporality': (_meterline_metrics_v1_Temporality__Output);
  /**
   * Delta view: a key the caller chooses (1 to 128 characters). The server remembers, per cursor,
   * the cumulative values it last answered, and returns the difference; the first query with a
   * cursor (or one unused for longer than the server's cursor time-to-live) returns each series'
   * whole value with `reset` set. Cursors are shared by every caller that knows them; the server
   * keeps a bounded number, forgetting the least recently used.
   */
  'cursor': (string);
}
