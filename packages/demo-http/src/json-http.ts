import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body accepted. */
export const MAX_BODY_BYTES = 1 << 20;

/** A request the server refuses with a 4xx status and a message naming the problem. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a whole request body of at most `limit` bytes.
 * @throws {HttpError} 413 past `limit` (the rest of the body is not read).
 */
export async function readBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `body: larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and parses a JSON body.
 * @throws {HttpError} 413 past {@link MAX_BODY_BYTES}, 400 for a body that is not JSON.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBytes(req)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `body: not JSON (${(error as Error).message})`);
  }
}

/** Sends `body` as JSON with `status`, unless a response already started. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Parses an integer query parameter within `[min, max]`, or returns `fallback` when absent. */
export function intParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HttpError(400, `query ${name}: expected an integer ${min}-${max}, got "${raw}"`);
  }
  return value;
}
