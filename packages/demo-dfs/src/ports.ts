/** One component's place in the file system: its service name and metrics port. */
export interface ComponentPort {
  /** Service name, also the prefix of its stdout lines: `dfs-master`, `dfs-chunkserver-1`, … */
  readonly service: string;
  /** Metrics port; 0 picks a free one. */
  readonly port: number;
}

/** Every port of the demo. */
export interface DfsPorts {
  readonly master: ComponentPort;
  readonly metalogger: ComponentPort;
  readonly chunkservers: readonly ComponentPort[];
  readonly client: ComponentPort;
  /** The HTTP API that drives the client (write, read, delete, backup, recover). */
  readonly api: number;
}

/** Default base port: master 9420, metalogger 9421, chunkservers 9422-9424, client 9425, API 9429. */
export const DEFAULT_DFS_BASE_PORT = 9420;

/** Thrown for a port variable that is not a port; names the variable. */
export class PortConfigError extends Error {}

/**
 * Resolves the ports from the environment. `DFS_BASE_PORT` moves the whole block (`0`: every
 * component picks a free port); `DFS_MASTER_PORT`, `DFS_METALOGGER_PORT`,
 * `DFS_CHUNKSERVER_<n>_PORT`, `DFS_CLIENT_PORT` and `DFS_API_PORT` set one each.
 *
 * @throws {PortConfigError} naming the variable and its value.
 */
export function resolvePorts(
  env: Readonly<Record<string, string | undefined>>,
  chunkservers: number,
): DfsPorts {
  const base = readPort(env, 'DFS_BASE_PORT') ?? DEFAULT_DFS_BASE_PORT;
  const at = (offset: number) => (base === 0 ? 0 : base + offset);
  if (base !== 0 && base + 9 > 65535) {
    throw new PortConfigError(`env DFS_BASE_PORT: ${base} leaves no room for 10 ports`);
  }
  const component = (service: string, variable: string, offset: number): ComponentPort => ({
    service,
    port: readPort(env, variable) ?? at(offset),
  });
  return {
    master: component('dfs-master', 'DFS_MASTER_PORT', 0),
    metalogger: component('dfs-metalogger', 'DFS_METALOGGER_PORT', 1),
    chunkservers: Array.from({ length: chunkservers }, (_, i) =>
      component(`dfs-chunkserver-${i + 1}`, `DFS_CHUNKSERVER_${i + 1}_PORT`, 2 + i),
    ),
    client: component('dfs-client', 'DFS_CLIENT_PORT', 2 + chunkservers),
    api: readPort(env, 'DFS_API_PORT') ?? at(9),
  };
}

function readPort(env: Readonly<Record<string, string | undefined>>, variable: string) {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new PortConfigError(
      `env ${variable}: expected a port number (an integer 0-65535), got ${JSON.stringify(raw)}`,
    );
  }
  return port;
}
