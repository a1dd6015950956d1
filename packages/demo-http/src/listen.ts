import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A demo's server, listening. */
export interface ListeningServer {
  /** `http://<host>:<port>`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets open requests finish, closes idle keep-alive connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Binds `server` to `host:port` (0 picks a free port). Rejects with an error naming `what` and the
 * address when it cannot bind (a port in use, say).
 */
export async function listen(
  server: Server,
  what: string,
  host: string,
  port: number,
): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new Error(`${what} cannot listen on ${host}:${port}: ${error.code ?? error.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
