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

/** What the scrape client saw at the last byte. */
export interface ScrapeClientReceived {
  readonly status: number;
  readonly contentType: string;
  readonly encoding: string;
  readonly wireBytes: number;
  /** Milliseconds from sending the request to the last body byte, at the client. */
  readonly ms: number;
}

/** What the scrape client found in the body, once decoded. */
export interface ScrapeClientDecoded {
  /** Lines of the decoded body starting with the request's `samplePrefix`. */
  readonly samples: number;
  /** The decoded body gzipped (when asked), bytes. */
  readonly gzipBytes: number;
}

/** A GET's answer: resolved at the last byte; `decoded` once the client has read the body. */
export interface ScrapeClientResponse extends ScrapeClientReceived {
  readonly decoded: Promise<ScrapeClientDecoded>;
}

/** A scraper in its own process (as Prometheus is), over one keep-alive connection. */
export interface ScrapeClient {
  get(request: ScrapeClientRequest): Promise<ScrapeClientResponse>;
  close(): Promise<void>;
}

type Message = ScrapeClientReceived | ScrapeClientDecoded | { error: string };

/**
 * Starts `cases/scrape-client.js` (without this process's node flags): the body is received, held
 * and decoded there, so its allocations and garbage collections do not land on the measured
 * server's event loop.
 */
export function startScrapeClient(): ScrapeClient {
  const child: ChildProcess = fork(caseScript('scrape-client'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Messages in arrival order (two per GET, possibly in one read), and who waits for the next.
  const queue: Message[] = [];
  let waiting: ((message: Message | Error) => void) | undefined;
  child.on('message', (message: Message) => {
    if (waiting) {
      const wake = waiting;
      waiting = undefined;
      wake(message);
    } else queue.push(message);
  });
  child.once('exit', (code) => waiting?.(new Error(`the scrape client exited (${code})`)));
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const settle = (message: Message | Error) => {
        if (message instanceof Error) reject(message);
        else if ('error' in message) reject(new Error(`scrape client: ${message.error}`));
        else resolve(message);
      };
      const queued = queue.shift();
      if (queued) settle(queued);
      else waiting = settle;
    });
  return {
    async get(request) {
      const answer = next();
      child.send(request);
      const received = (await answer) as ScrapeClientReceived;
      const decoded = next() as Promise<ScrapeClientDecoded>;
      decoded.catch(() => {});
      return { ...received, decoded };
    },
    async close() {
      child.disconnect();
      await exited;
    },
  };
}
