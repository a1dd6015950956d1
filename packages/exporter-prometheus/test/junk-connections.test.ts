import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Issue #12: clients that send one malformed request line and never read or close, or stay
// silent past the header timeout, must not hold descriptors. The endpoint runs in a child with
// `ulimit -n 256`; the junk outnumbers that limit, and scrapes must keep getting 200.
const CHILD = fileURLToPath(new URL('./fixtures/endpoint-child.mjs', import.meta.url));
const FD_LIMIT = 256;
const JUNK = 400;
const SILENT = 100;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startChild(options: Record<string, unknown>) {
  const child = spawn(
    'bash',
    ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" "$1"`, process.execPath, CHILD],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, METERLINE_SERVER_OPTIONS: JSON.stringify(options) },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    child.stdin.end();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child printed no URL: ${out}`)), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before listening`)));
  });
  return { pid: child.pid!, url, port: Number(new URL(url).port) };
}

const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/** Opens a connection that sends `payload` (if any) and then never reads and never closes. */
function junk(port: number, payload: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.pause();
      if (payload) socket.write(payload);
      resolve(socket);
    });
    socket.on('error', () => {}); // resets from the server are expected
    socket.once('error', reject);
  });
}

/** One scrape on its own connection: its status, or how it failed within 3 s. */
function scrapeStatus(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 'no status'));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 3 s')));
    req.on('error', (error) => resolve(`failed: ${error.message}`));
  });
}

/** Five scrapes at once, each on a fresh connection, as several scrapers would make them. */
const scrapeStatuses = (url: string) =>
  Promise.all(Array.from({ length: 5 }, () => scrapeStatus(url)));

/** Polls until the child holds at most `bound` descriptors; resolves with the last count. */
async function fdsSettle(pid: number, bound: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = openFds(pid);
  while (count > bound && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = openFds(pid);
  }
  return count;
}

describe.skipIf(process.platform !== 'linux')(
  'junk connections (real sockets, ulimit -n 256)',
  () => {
    it('destroys malformed and silent connections, so descriptors stay bounded and scrapes get 200', async () => {
      const { pid, url, port } = await startChild({ headersTimeoutMs: 500 });
      expect(await scrapeStatus(url)).toBe(200);
      const baseline = openFds(pid);
      const sockets: Socket[] = [];
      cleanups.push(() => sockets.forEach((s) => s.destroy()));
      for (let i = 0; i < JUNK; i += 50) {
        const batch = Array.from({ length: 50 }, () =>
          junk(port, 'GARBAGE \x00\x01 NOT HTTP\r\n\r\n'),
        );
        sockets.push(...(await Promise.all(batch)));
        // Let the server catch up before the next batch, as a slow trickle of junk would.
        await fdsSettle(pid, baseline + 60, 2000);
      }
      for (let i = 0; i < SILENT; i++) sockets.push(await junk(port, undefined));
      const held = await fdsSettle(pid, baseline + 10, 10_000);
      expect({ held, baseline, statuses: await scrapeStatuses(url) }).toEqual({
        held: expect.toSatisfy((n: number) => n <= baseline + 10) as number,
        baseline,
        statuses: [200, 200, 200, 200, 200],
      });
    }, 60_000);
  },
);
