import type { Duplex } from 'node:stream';

/** Longest URL served; a longer one gets 414 (the README promises it). */
export const MAX_URL_LENGTH = 2048;

/** Time a rejected client gets to take its error response before its socket is destroyed. */
const FLUSH_MS = 1000;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/**
 * The status for an error Node's HTTP parser or its timeouts raise before a request reaches a
 * handler (RFC 9110/6585): a header or request timeout is `408`; a head over Node's header-size
 * limit is `414` when the request line alone is over it or over {@link MAX_URL_LENGTH} (the URL is
 * what is too long), else `431`; anything else `400`.
 */
export function clientErrorStatus(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): number {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const packet = error.rawPacket;
    const lineEnd = packet ? packet.indexOf('\n') : -1;
    const requestLine = lineEnd < 0 ? (packet?.length ?? 0) : lineEnd;
    return lineEnd < 0 || requestLine > MAX_URL_LENGTH ? 414 : 431;
  }
  return 400;
}

/**
 * The server's `clientError` listener: writes the error response when the socket can still take
 * it, then destroys the socket once it is flushed, or after one second at most, so a client that
 * never reads and never closes cannot keep a half-closed socket (and its descriptor).
 */
export function rejectConnection(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus(error);
  const cut = setTimeout(() => socket.destroy(), FLUSH_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
    () => socket.destroy(),
  );
}
