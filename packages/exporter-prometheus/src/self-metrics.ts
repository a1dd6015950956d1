import { formatValue } from './exposition/escape.js';
import type { ProtoFamily } from './exposition/protobuf/serialize-protobuf.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The endpoint's own metrics, kept as plain numbers (no SDK round trip, so they are there even
 * when collection fails) and appended to every exposition:
 *
 * - `meterline_prometheus_scrapes_total{code}`: scrapes answered, by HTTP status;
 * - `meterline_prometheus_scrape_duration_seconds`: histogram of time to answer;
 * - `meterline_prometheus_collection_errors_total`: collections that reported errors or timed out;
 * - `meterline_prometheus_dropped_streams_total`: streams left out for name collisions;
 * - `meterline_prometheus_series`: series in the last served exposition;
 * - `meterline_prometheus_response_bytes_total`: bytes sent (after compression);
 * - `meterline_prometheus_scrapes_in_flight`: scrapes being answered now.
 *
 * Not thread-safe by design: Node runs the handler on one thread.
 */
export class SelfMetrics {
  private readonly byCode = new Map<number, number>();
  private readonly bucketCounts = new Array<number>(DURATION_BUCKETS.length + 1).fill(0);
  private durationSum = 0;
  private durationCount = 0;
  collectionErrors = 0;
  droppedStreams = 0;
  lastSeries = 0;
  responseBytes = 0;
  inFlight = 0;

  /** Records one answered scrape. */
  scrapeAnswered(code: number, seconds: number): void {
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    this.bucketCounts[i]!++;
    this.durationSum += seconds;
    this.durationCount++;
  }

  /** Scrapes answered with `code` so far. */
  scrapes(code: number): number {
    return this.byCode.get(code) ?? 0;
  }

  /** The families in the requested format, ready to append to an exposition. */
  format(openMetrics: boolean): string {
    let out = '';
    const counter = (name: string, help: string, samples: [string, number][]) => {
      out += openMetrics
        ? `# TYPE ${name} counter\n# HELP ${name} ${help}\n`
        : `# HELP ${name}_total ${help}\n# TYPE ${name}_total counter\n`;
      for (const [labels, value] of samples) out += `${name}_total${labels} ${value}\n`;
    };
    const gauge = (name: string, help: string, value: number) => {
      out += openMetrics
        ? `# TYPE ${name} gauge\n# HELP ${name} ${help}\n`
        : `# HELP ${name} ${help}\n# TYPE ${name} gauge\n`;
      out += `${name} ${value}\n`;
    };
    const codes = [...this.byCode].sort((a, b) => a[0] - b[0]);
    counter(
      'meterline_prometheus_scrapes',
      'Scrapes answered by the Prometheus endpoint, by HTTP status code.',
      codes.map(([code, n]) => [`{code="${code}"}`, n]),
    );
    const name = 'meterline_prometheus_scrape_duration_seconds';
    const help = 'Time to answer a scrape, collection and serialization included.';
    out += openMetrics
      ? `# TYPE ${name} histogram\n# UNIT ${name} seconds\n# HELP ${name} ${help}\n`
      : `# HELP ${name} ${help}\n# TYPE ${name} histogram\n`;
    let cumulative = 0;
    for (let i = 0; i <= DURATION_BUCKETS.length; i++) {
      cumulative += this.bucketCounts[i]!;
      const le = i < DURATION_BUCKETS.length ? formatValue(DURATION_BUCKETS[i]!) : '+Inf';
      out += `${name}_bucket{le="${le}"} ${cumulative}\n`;
    }
    out += `${name}_sum ${formatValue(this.durationSum)}\n${name}_count ${this.durationCount}\n`;
    counter(
      'meterline_prometheus_collection_errors',
      'Collections that reported errors (a throwing callback) or timed out.',
      [['', this.collectionErrors]],
    );
    counter(
      'meterline_prometheus_dropped_streams',
      'Metric streams left out of an exposition because their name collided with another.',
      [['', this.droppedStreams]],
    );
    counter('meterline_prometheus_response_bytes', 'Bytes sent in scrape responses.', [
      ['', this.responseBytes],
    ]);
    gauge('meterline_prometheus_series', 'Series in the last served exposition.', this.lastSeries);
    gauge('meterline_prometheus_scrapes_in_flight', 'Scrapes being answered now.', this.inFlight);
    return out;
  }

  /** The same families as protobuf `MetricFamily` messages, for the protobuf exposition. */
  protoFamilies(): ProtoFamily[] {
    const counter = (name: string, help: string, metric: object[]): ProtoFamily => ({
      name: `${name}_total`,
      help,
      type: 0,
      metric,
    });
    const gauge = (name: string, help: string, value: number): ProtoFamily => ({
      name,
      help,
      type: 1,
      metric: [{ gauge: { value } }],
    });
    let cumulative = 0;
    const bucket = DURATION_BUCKETS.map((upper, i) => {
      cumulative += this.bucketCounts[i]!;
      return { cumulative_count: cumulative, upper_bound: upper };
    });
    return [
      counter(
        'meterline_prometheus_scrapes',
        'Scrapes answered by the Prometheus endpoint, by HTTP status code.',
        [...this.byCode]
          .sort((a, b) => a[0] - b[0])
          .map(([code, n]) => ({
            label: [{ name: 'code', value: String(code) }],
            counter: { value: n },
          })),
      ),
      {
        name: 'meterline_prometheus_scrape_duration_seconds',
        help: 'Time to answer a scrape, collection and serialization included.',
        type: 4,
        unit: 'seconds',
        metric: [
          {
            histogram: {
              sample_count: this.durationCount,
              sample_sum: this.durationSum,
              bucket,
            },
          },
        ],
      },
      counter(
        'meterline_prometheus_collection_errors',
        'Collections that reported errors (a throwing callback) or timed out.',
        [{ counter: { value: this.collectionErrors } }],
      ),
      counter(
        'meterline_prometheus_dropped_streams',
        'Metric streams left out of an exposition because their name collided with another.',
        [{ counter: { value: this.droppedStreams } }],
      ),
      counter('meterline_prometheus_response_bytes', 'Bytes sent in scrape responses.', [
        { counter: { value: this.responseBytes } },
      ]),
      gauge(
        'meterline_prometheus_series',
        'Series in the last served exposition.',
        this.lastSeries,
      ),
      gauge('meterline_prometheus_scrapes_in_flight', 'Scrapes being answered now.', this.inFlight),
    ];
  }
}
