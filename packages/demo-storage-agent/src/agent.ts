import type { AgentMetrics } from '@meterline/instrumentation-storage-agent';
import type { Storage } from './storage/storage.js';

/** A message another peer sends: a storage request. */
export type Message =
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'get'; readonly key: string }
  | { readonly op: 'delete'; readonly key: string };

/** What handling a message answered. */
export interface MessageResult {
  readonly op: Message['op'];
  readonly key: string;
  /** For `get`: the stored value, or null. For `delete`: whether the key existed. */
  readonly value?: string | null;
  readonly existed?: boolean;
}

/** Thrown for a message that is not a valid storage request; names the field at fault. */
export class InvalidMessageError extends Error {}

/**
 * The P2P storage agent: tracks connected peers and handles storage messages. Every successfully
 * handled message counts in `messages_received_total` and `message_processing_duration_seconds`.
 */
export class Agent {
  private readonly peers = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly metrics: AgentMetrics,
  ) {}

  get peerCount(): number {
    return this.peers.size;
  }

  listPeers(): string[] {
    return [...this.peers];
  }

  connectPeer(id: string): boolean {
    const added = !this.peers.has(id);
    this.peers.add(id);
    return added;
  }

  disconnectPeer(id: string): boolean {
    return this.peers.delete(id);
  }

  /** Validates and handles one message. @throws {InvalidMessageError} naming the bad field. */
  async handle(input: unknown): Promise<MessageResult> {
    const start = process.hrtime.bigint();
    const message = parseMessage(input);
    let result: MessageResult;
    switch (message.op) {
      case 'put':
        await this.storage.put(message.key, message.value);
        result = { op: 'put', key: message.key };
        break;
      case 'get':
        result = {
          op: 'get',
          key: message.key,
          value: (await this.storage.get(message.key)) ?? null,
        };
        break;
      case 'delete':
        result = {
          op: 'delete',
          key: message.key,
          existed: await this.storage.delete(message.key),
        };
        break;
    }
    this.metrics.messageReceived(Number(process.hrtime.bigint() - start) / 1e9);
    return result;
  }
}

function parseMessage(input: unknown): Message {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidMessageError('message: expected a JSON object');
  }
  const { op, key, value } = input as Record<string, unknown>;
  if (op !== 'put' && op !== 'get' && op !== 'delete') {
    throw new InvalidMessageError(
      `message.op: expected "put", "get" or "delete", got ${JSON.stringify(op)}`,
    );
  }
  if (typeof key !== 'string' || key === '' || key.length > 512) {
    throw new InvalidMessageError(
      'message.key: expected a non-empty string of at most 512 characters',
    );
  }
  if (op === 'put') {
    if (typeof value !== 'string')
      throw new InvalidMessageError('message.value: expected a string');
    return { op, key, value };
  }
  return { op, key };
}
