import { createClient, type RedisClientType } from '@redis/client';
import type { Storage } from './storage.js';

/** Options of {@link RedisStorage.connect}. */
export interface RedisStorageOptions {
  /** `redis://host:port[/db]`; credentials in the URL are never logged. */
  readonly url: string;
  /** Prefix of every key, so the agent can share a database. @default 'storage-agent:' */
  readonly keyPrefix?: string;
  /** Give up reconnecting after a drop after this many attempts. @default 20 */
  readonly maxReconnectAttempts?: number;
  /** Give up the first connection after this many attempts (fail start-up fast). @default 3 */
  readonly maxConnectAttempts?: number;
  /** Where connection errors are reported. @default writes a line to stderr */
  readonly onError?: (error: Error) => void;
}

/**
 * The Redis backend: one string key per agent key, through node-redis (`@redis/client`), Redis
 * Inc.'s client. Commands fail fast while disconnected (no offline queue), so an outage shows as
 * failed operations instead of requests piling up; the client reconnects with backoff.
 */
export class RedisStorage implements Storage {
  readonly backend = 'redis' as const;

  private constructor(
    private readonly client: RedisClientType,
    private readonly keyPrefix: string,
  ) {}

  /**
   * Connects and checks the server answers (`PING`).
   * @throws {Error} naming the host and port when no connection can be made.
   */
  static async connect(options: RedisStorageOptions): Promise<RedisStorage> {
    const where = describe(options.url);
    const maxReconnects = options.maxReconnectAttempts ?? 20;
    const maxConnects = options.maxConnectAttempts ?? 3;
    let connected = false;
    const onError =
      options.onError ??
      ((error: Error) => process.stderr.write(`storage-agent: redis ${where}: ${error.message}\n`));
    const client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 5000,
        reconnectStrategy: (retries: number, cause: Error) =>
          retries >= (connected ? maxReconnects : maxConnects)
            ? new Error(`gave up after ${retries + 1} attempts: ${cause.message}`)
            : Math.min(50 * 2 ** retries, 1000),
      },
    }) as RedisClientType;
    // Without a listener an 'error' event would crash the process.
    client.on('error', onError);
    client.on('ready', () => (connected = true));
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      if (client.isOpen) client.destroy();
      throw new Error(`cannot connect to redis ${where}: ${(error as Error).message}`);
    }
    return new RedisStorage(client, options.keyPrefix ?? 'storage-agent:');
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.keyPrefix + key)) ?? undefined;
  }

  async put(key: string, value: string): Promise<void> {
    await this.client.set(this.keyPrefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(this.keyPrefix + key)) > 0;
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}

/** `host:port` of a Redis URL, without credentials. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return '(unparsable URL)';
  }
}
