// Child: the HTTP client of the scrape case, in its own process as a real scraper is. It answers
// each IPC message `{ url, headers }` with what the GET saw (time to the last byte, bytes on the
// wire), then with the decoded body's samples and gzipped size: no body crosses back to the
// server's process (whose event loop the scrape case measures).
import { Agent } from 'node:http';
import { gzipSync } from 'node:zlib';
import { countSamples } from '../exposition.js';
import { timedGet } from '../http-get.js';
import type {
  ScrapeClientDecoded,
  ScrapeClientReceived,
  ScrapeClientRequest,
} from '../scrape-client.js';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

process.on('message', (message: ScrapeClientRequest) => {
  void timedGet(message.url, message.headers, agent).then(
    (response) => {
      // What the GET saw goes first, so the server's measurement can stop at the last byte; the
      // decoding (gunzip, counting, gzip) follows, while the server waits for nothing.
      const received: ScrapeClientReceived = {
        status: response.status,
        contentType: response.contentType,
        encoding: response.encoding,
        wireBytes: response.wireBytes,
        ms: response.ms,
      };
      process.send!(received);
      const body = response.status === 200 ? response.body() : '';
      const decoded: ScrapeClientDecoded = {
        samples: countSamples(body, message.samplePrefix),
        gzipBytes: message.gzipSize ? gzipSync(body).length : 0,
      };
      process.send!(decoded);
    },
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
process.on('disconnect', () => {
  agent.destroy();
  process.exit(0);
});
