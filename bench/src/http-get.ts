import { request, type Agent } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** What a timed GET saw. */
export interface TimedResponse {
  readonly status: number;
  readonly contentType: string;
  /** `gzip`, or `identity` when the body was not encoded. */
  readonly encoding: string;
  /** Bytes on the wire (the body as sent, compressed or not). */
  readonly wireBytes: number;
  /** Milliseconds from sending the request to the last body byte. */
  readonly ms: number;
  /** The body, decoded (gunzipped when needed). Decoding is not part of `ms`. */
  body(): string;
  /** The body's bytes, gunzipped when needed (binary formats such as protobuf). */
  bytes(): Buffer;
}

/** GETs `url` with `headers` on loopback, timing to the last byte. */
export function timedGet(
  url: string,
  headers: Record<string, string>,
  agent?: Agent,
): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
      });
      res.once('error', reject);
      res.once('end', () => {
        const ms = performance.now() - started;
        const encoding = String(res.headers['content-encoding'] ?? 'identity');
        const decoded = () => {
          const raw = Buffer.concat(chunks);
          return encoding === 'gzip' ? gunzipSync(raw) : raw;
        };
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          encoding,
          wireBytes: bytes,
          ms,
          body: () => decoded().toString('utf8'),
          bytes: decoded,
        });
      });
    });
    req.setTimeout(120_000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.once('error', reject);
    req.end();
  });
}

/** The headers Prometheus 2.x sends on a scrape. */
export const PROMETHEUS_SCRAPE_HEADERS = {
  accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  'accept-encoding': 'gzip',
};

/** A plain-text request without compression (curl, a browser without gzip). */
export const PLAIN_HEADERS = { accept: 'text/plain;version=0.0.4' };
