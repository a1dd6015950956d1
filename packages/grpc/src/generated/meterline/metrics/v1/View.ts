// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * A configured view (`metrics.views`).
 */
export interface View {
  /**
   * The instrument selector, exact or with `*` / `?` wildcards.
   */
  'instrument'?: (string);
  /**
   * The meter selector; empty: any.
   */
  'meter'?: (string);
  /**
   * The instrument kind selector (`counter`, `histogram`, ...); empty: any.
   */
  'type'?: (string);
  /**
   * The new stream name; empty: unchanged.
   */
  'rename'?: (string);
  /**
   * True when the view drops the instrument.
   */
  'drop'?: (boolean);
  /**
   * The view's own series limit; 0 when it sets none.
   */
  'cardinalityLimit'?: (number);
  /**
   * The attribute allow-list; empty: all attributes kept.
   */
  'attributes'?: (string)[];
  /**
   * The whole view as configured, as JSON (buckets, presets, exponential settings, ...).
   */
  'viewJson'?: (string);
}

/**
 * A configured view (`metrics.views`).
 */
export interface View__Output {
  /**
   * The instrument selector, exact or with `*` / `?` wildcards.
   */
  'instrument': (string);
  /**
   * The meter selector; empty: any.
   */
  'meter': (string);
  /**
   * The instrument kind selector (`counter`, `histogram`, ...); empty: any.
   */
  'type': (string);
  /**
   * The new stream name; empty: unchanged.
   */
  'rename': (string);
  /**
   * True when the view drops the instrument.
   */
  'drop': (boolean);
  /**
   * The view's own series limit; 0 when it sets none.
   */
  'cardinalityLimit': (number);
  /**
   * The attribute allow-list; empty: all attributes kept.
   */
  'attributes': (string)[];
  /**
   * The whole view as configured, as JSON (buckets, presets, exponential settings, ...).
   */
  'viewJson': (string);
}
