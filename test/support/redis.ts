import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { realPart } from './real-parts.js';

/** A real Redis 7 started for one test on a free loopback port, without persistence. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Sends one command in RESP and returns the raw reply (for example `:3\r\n`). */
  command(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (Redis cannot bind port 0: `--port 0` disables TCP). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the provisioned `redis-server` on a free loopback port with no persistence
 * (`--save '' --appendonly no`) and its working directory in a temp dir. Another process may take
 * the port between the check and the bind: then it retries on a new port, at most 5 times.
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'meterline-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child: Child = startChild(realPart('redis-server'), [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ]);
    try {
      await child.waitForOutput(/Ready to accept connections/, 15_000);
    } catch (error) {
      lastError = error;
      await child.stop('SIGKILL');
      if (/Address already in use/.test(child.stdout() + child.stderr())) continue;
      break;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      command: (...args) => sendCommand(port, args),
      async stop() {
        await child.stop('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** One RESP command over a fresh connection; resolves with the first reply's raw text. */
function sendCommand(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${args[0]}: no reply within 5 s`));
    }, 5000);
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.endsWith('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const encoded = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
    socket.write(`*${args.length}\r\n${encoded}`);
  });
}
