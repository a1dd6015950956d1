/** The two exposition formats. */
export type ExpositionFormat = 'text' | 'openmetrics';

/** Content types served, exactly. */
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

/**
 * Chooses the format from an `Accept` header the way client_golang does: OpenMetrics when the
 * client accepts `application/openmetrics-text` (version 0.0.1 or 1.0.0, or none) with a
 * q-value at least that of any text/plain range, else Prometheus text 0.0.4 (also for a missing or
 * unparsable header: every scraper reads it).
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (!accept) return 'text';
  let openMetricsQ = 0;
  let textQ = 0;
  for (const range of parseAccept(accept)) {
    if (range.type === 'application/openmetrics-text') {
      const version = range.params.get('version');
      if (version === undefined || version === '1.0.0' || version === '0.0.1') {
        openMetricsQ = Math.max(openMetricsQ, range.q);
      }
    } else if (range.type === 'text/plain' || range.type === '*/*' || range.type === 'text/*') {
      textQ = Math.max(textQ, range.q);
    }
  }
  return openMetricsQ > 0 && openMetricsQ >= textQ ? 'openmetrics' : 'text';
}

/** Content type of the Prometheus protobuf exposition (native histograms), exactly. */
export const PROTOBUF_CONTENT_TYPE =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/**
 * True when the scraper asks for the Prometheus protobuf exposition: an
 * `application/vnd.google.protobuf` range with `proto=io.prometheus.client.MetricFamily` and
 * `encoding=delimited` (both required, as client_golang requires them) whose q-value is above 0
 * and at least that of every text range. Prometheus sends it first when `scrape_protocols` lists
 * `PrometheusProto`, which native histograms turn on by default. A wildcard range never selects it.
 */
export function acceptsProtobuf(accept: string | undefined): boolean {
  if (!accept) return false;
  let protobufQ = 0;
  let textQ = 0;
  for (const range of parseAccept(accept)) {
    if (range.type === 'application/vnd.google.protobuf') {
      if (
        range.params.get('proto') === 'io.prometheus.client.MetricFamily' &&
        range.params.get('encoding') === 'delimited'
      ) {
        protobufQ = Math.max(protobufQ, range.q);
      }
    } else if (
      range.type === 'application/openmetrics-text' ||
      range.type === 'text/plain' ||
      range.type === '*/*' ||
      range.type === 'text/*'
    ) {
      textQ = Math.max(textQ, range.q);
    }
  }
  return protobufQ > 0 && protobufQ >= textQ;
}

/**
 * The `escaping` parameter of the `Accept` range that chose `format` (the highest-q
 * `application/openmetrics-text` range for OpenMetrics, the highest-q `text/plain` one for text,
 * the highest-q `application/vnd.google.protobuf` one for protobuf), or undefined when it has
 * none: Prometheus 3 sends `escaping=allow-utf-8` on its text ranges, 2.x nothing. (Prometheus 3.5
 * puts none on its protobuf range, so, as from client_golang, it gets escaped names there.)
 */
export function negotiateEscaping(
  accept: string | undefined,
  format: ExpositionFormat | 'protobuf',
): string | undefined {
  if (!accept) return undefined;
  const type =
    format === 'protobuf'
      ? 'application/vnd.google.protobuf'
      : format === 'openmetrics'
        ? 'application/openmetrics-text'
        : 'text/plain';
  let best: MediaRange | undefined;
  for (const range of parseAccept(accept)) {
    if (range.type !== type || range.q <= 0) continue;
    if (!best || range.q > best.q) best = range;
  }
  return best?.params.get('escaping');
}

/**
 * True when `Accept-Encoding` allows gzip, per RFC 9110 §12.5.3: an explicit `gzip` (or its alias
 * `x-gzip`) range decides with its q-value (`q=0` refuses it, whatever `*` says); otherwise `*`
 * decides. A missing or empty header means no gzip. When every coding is refused (`*;q=0`,
 * `identity;q=0` without an acceptable gzip) the body is sent without coding anyway: a scraper that
 * gets an uncompressed body can read it, one that gets `406` has nothing.
 */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const range of parseAccept(acceptEncoding)) {
    if (range.type === 'gzip' || range.type === 'x-gzip') gzipQ = Math.max(gzipQ ?? 0, range.q);
    else if (range.type === '*') anyQ = Math.max(anyQ ?? 0, range.q);
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [type, ...rawParams] = part.split(';');
    const params = new Map<string, string>();
    let q = 1;
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      if (eq < 0) continue;
      const key = raw.slice(0, eq).trim().toLowerCase();
      const value = raw
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
      if (key === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      } else {
        params.set(key, value);
      }
    }
    const name = (type ?? '').trim().toLowerCase();
    if (name) ranges.push({ type: name, params, q });
  }
  return ranges;
}
