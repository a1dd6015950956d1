// Child: the storm. `connections` keep-alive connections to one loopback URL, each sending the next
// request as soon as the previous answer is read, until the suite kills the process (bounded to
// 10 minutes). Prints `LISTENING <url>` once every connection has had an answer (or after 10 s),
// so the suite measures under a storm already raging.
import { Agent, request } from 'node:http';
import type { StormClientsArgs } from '../case-types.js';
import { LISTENING_PREFIX, readArgs, runChild } from '../child-io.js';

runChild(async () => {
  const args = readArgs<StormClientsArgs>();
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(args.url)) throw new Error(`not loopback: ${args.url}`);
  const agent = new Agent({ keepAlive: true, maxSockets: args.connections });
  const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
  if (args.credentials) {
    headers.authorization = `Basic ${Buffer.from(args.credentials).toString('base64')}`;
  }
  const stopAt = Date.now() + 600_000;
  let answered = 0;
  const loop = async (first: () => void) => {
    let told = false;
    while (Date.now() < stopAt) {
      await new Promise<void>((resolve) => {
        const req = request(args.url, { agent, headers }, (res) => {
          res.resume();
          res.once('end', resolve);
          res.once('error', resolve);
        });
        req.once('error', () => setTimeout(resolve, 10)); // refused/reset: retry, not spin
        req.end();
      });
      if (!told) {
        told = true;
        first();
      }
    }
  };
  const ready = new Promise<void>((resolve) => {
    const deadline = setTimeout(resolve, 10_000);
    for (let i = 0; i < args.connections; i++) {
      void loop(() => {
        if (++answered === args.connections) {
          clearTimeout(deadline);
          resolve();
        }
      });
    }
  });
  await ready;
  process.stdout.write(`${LISTENING_PREFIX}${args.url}\n`);
  await new Promise((resolve) => setTimeout(resolve, 600_000));
});
