// Original file: proto/meterline/metrics/v1/types.proto

import type { Scope as _meterline_metrics_v1_Scope, Scope__Output as _meterline_metrics_v1_Scope__Output } from '../../../meterline/metrics/v1/Scope.js';
import type { InstrumentKind as _meterline_metrics_v1_InstrumentKind, InstrumentKind__Output as _meterline_metrics_v1_InstrumentKind__Output } from '../../../meterline/metrics/v1/InstrumentKind.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One instrument as the running engine knows it.
 */
export interface Instrument {
  /**
   * The instrument name as created (not translated to a Prometheus name).
   */
  'name'?: (string);
  /**
   * The meter that created it. The same name may be listed once per scope.
   */
  'scope'?: (_meterline_metrics_v1_Scope | null);
  /**
   * The instrument kind.
   */
  'kind'?: (_meterline_metrics_v1_InstrumentKind);
  /**
   * The unit (UCUM, for example `s` or `By`); empty when none.
   */
  'unit'?: (string);
  /**
   * The description; empty when none.
   */
  'description'?: (string);
  /**
   * Live series of the instrument: the largest count among its streams.
   */
  'seriesCount'?: (number | string | Long);
  /**
   * The series limit in force (a runtime override or the configured limit); further attribute
   * sets go to the overflow series `otel.metric.overflow=true`.
   */
  'cardinalityLimit'?: (number);
  /**
   * False when switched off at runtime (MetricsAdminService.SetInstrumentEnabled).
   */
  'enabled'?: (boolean);
}

/**
 * One instrument as the running engine knows it.
 */
export interface Instrument__Output {
  /**
   * The instrument name as created (not translated to a Prometheus name).
   */
  'name': (string);
  /**
   * The meter that created it. The same name may be listed once per scope.
   */
  'scope': (_meterline_metrics_v1_Scope__Output | null);
  /**
   * The instrument kind.
   */
  'kind': (_meterline_metrics_v1_InstrumentKind__Output);
  /**
   * The unit (UCUM, for example `s` or `By`); empty when none.
   */
  'unit': (string);
  /**
   * The description; empty when none.
   */
  'description': (string);
  /**
   * Live series of the instrument: the largest count among its streams.
   */
  'seriesCount': (number);
  /**
   * The series limit in force (a runtime override or the configured limit); further attribute
   * sets go to the overflow series `otel.metric.overflow=true`.
   */
  'cardinalityLimit': (number);
  /**
   * False when switched off at runtime (MetricsAdminService.SetInstrumentEnabled).
   */
  'enabled': (boolean);
}
