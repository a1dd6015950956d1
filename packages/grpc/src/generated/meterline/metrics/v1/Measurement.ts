// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { InstrumentKind as _meterline_metrics_v1_InstrumentKind, InstrumentKind__Output as _meterline_metrics_v1_InstrumentKind__Output } from '../../../meterline/metrics/v1/InstrumentKind.js';
import type { Attribute as _meterline_metrics_v1_Attribute, Attribute__Output as _meterline_metrics_v1_Attribute__Output } from '../../../meterline/metrics/v1/Attribute.js';

/**
 * One measurement into a named instrument.
 */
export interface Measurement {
  /**
   * The instrument name: a letter, then up to 254 letters, digits, `_`, `.`, `-` or `/`
   * (OpenTelemetry's instrument name syntax).
   */
  'instrument'?: (string);
  /**
   * COUNTER, UP_DOWN_COUNTER, HISTOGRAM or GAUGE; must be the same on every use of a name.
   */
  'kind'?: (_meterline_metrics_v1_InstrumentKind);
  /**
   * The unit (at most 63 ASCII characters), used when the instrument is created; later uses
   * must give the same unit or none.
   */
  'unit'?: (string);
  /**
   * The description, used when the instrument is created.
   */
  'description'?: (string);
  /**
   * The value: finite; not negative for counters and histograms.
   */
  'value'?: (number | string);
  /**
   * The attributes, keys unique and not empty.
   */
  'attributes'?: (_meterline_metrics_v1_Attribute)[];
}

/**
 * One measurement into a named instrument.
 */
export interface Measurement__Output {
  /**
   * The instrument name: a letter, then up to 254 letters, digits, `_`, `.`, `-` or `/`
   * (OpenTelemetry's instrument name syntax).
   */
  'instrument': (string);
  /**
   * COUNTER, UP_DOWN_COUNTER, HISTOGRAM or GAUGE; must be the same on every use of a name.
   */
  'kind': (_meterline_metrics_v1_InstrumentKind__Output);
  /**
   * The unit (at most 63 ASCII characters), used when the instrument is created; later uses
   * must give the same unit or none.
   */
  'unit': (string);
  /**
   * The description, used when the instrument is created.
   */
  'description': (string);
  /**
   * The value: finite; not negative for counters and histograms.
   */
  'value': (number);
  /**
   * The attributes, keys unique and not empty.
   */
  'attributes': (_meterline_metrics_v1_Attribute__Output)[];
}
