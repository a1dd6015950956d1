// Original file: proto/meterline/metrics/v1/types.proto

import type { InstrumentKind as _meterline_metrics_v1_InstrumentKind, InstrumentKind__Output as _meterline_metrics_v1_InstrumentKind__Output } from '../../../meterline/metrics/v1/InstrumentKind.js';
import type { Scope as _meterline_metrics_v1_Scope, Scope__Output as _meterline_metrics_v1_Scope__Output } from '../../../meterline/metrics/v1/Scope.js';
import type { Temporality as _meterline_metrics_v1_Temporality, Temporality__Output as _meterline_metrics_v1_Temporality__Output } from '../../../meterline/metrics/v1/Temporality.js';
import type { Point as _meterline_metrics_v1_Point, Point__Output as _meterline_metrics_v1_Point__Output } from '../../../meterline/metrics/v1/Point.js';

/**
 * One metric stream of an instrument and its points.
 */
export interface Metric {
  /**
   * The stream name (the instrument name, or a view's new name).
   */
  'name'?: (string);
  /**
   * The stream description.
   */
  'description'?: (string);
  /**
   * The unit.
   */
  'unit'?: (string);
  /**
   * The kind of the instrument behind the stream, as far as the exported data tells
   * (an observable counter is reported as INSTRUMENT_KIND_COUNTER).
   */
  'kind'?: (_meterline_metrics_v1_InstrumentKind);
  /**
   * The meter that created the instrument.
   */
  'scope'?: (_meterline_metrics_v1_Scope | null);
  /**
   * The view of the values in `points`.
   */
  'temporality'?: (_meterline_metrics_v1_Temporality);
  /**
   * The series that match the query's matchers.
   */
  'points'?: (_meterline_metrics_v1_Point)[];
}

/**
 * One metric stream of an instrument and its points.
 */
export interface Metric__Output {
  /**
   * The stream name (the instrument name, or a view's new name).
   */
  'name': (string);
  /**
   * The stream description.
   */
  'description': (string);
  /**
   * The unit.
   */
  'unit': (string);
  /**
   * The kind of the instrument behind the stream, as far as the exported data tells
   * (an observable counter is reported as INSTRUMENT_KIND_COUNTER).
   */
  'kind': (_meterline_metrics_v1_InstrumentKind__Output);
  /**
   * The meter that created the instrument.
   */
  'scope': (_meterline_metrics_v1_Scope__Output | null);
  /**
   * The view of the values in `points`.
   */
  'temporality': (_meterline_metrics_v1_Temporality__Output);
  /**
   * The series that match the query's matchers.
   */
  'points': (_meterline_metrics_v1_Point__Output)[];
}
