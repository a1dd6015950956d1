import { fork, type ChildProcess } from 'node:child_process';
import { caseScript } from './run-child.js';

/** One GET for the scrape client process. */
export interface ScrapeClientRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Samples are counted from the lines starting with this prefix. */
  readonly samplePrefix: string;
  /** Also gzip the decoded body (level 6) and report its size. */
  readonly gzipSize: boolean;
}

/** What the scrape client saw. */
export interface ScrapeClientResponse {
  readonly status: number;
  readonly contentType: string;
  readonly encoding: string;
  readonly wireBytes: number;
  /** Milliseconds from sending the request to the last body byte, at the client. */
  readonly ms: number;
  /** Lines of the decoded body starting with the request's `samplePrefix`. */
  readonly samples: number;
  /** The decoded body gzipped (when asked), bytes. */
  readonly gzipBytes: number;
}

/** A scraper in its own process (as Prometheus is), over one keep-alive connection. */
export interface ScrapeClient {
  get(request: ScrapeClientRequest): Promise<ScrapeClientResponse>;
  close(): Promise<void>;
}

/**
 * Starts `cases/scrape-client.js`: the body is received, held and decoded there, so its
 * allocations and garbage collections do not land on the measured server's event loop.
 */
export function startScrapeClient(): ScrapeClient {
  const child: ChildProcess = fork(caseScript('scrape-client'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    get(request) {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`the scrape client exited (${code}) during a GET`));
        child.once('exit', onExit);
        child.once('message', (message: ScrapeClientResponse | { error: string }) => {
          child.off('exit', onExit);
          if ('error' in message) reject(new Error(`scrape client: ${message.error}`));
          else resolve(message);
        });
        child.send(request);
      });
    },
    async close() {
      child.disconnect();
      await exited;
    },
  };
}
