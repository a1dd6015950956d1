/** The file system's sizing, from the environment. */
export interface DfsSettings {
  /** `DFS_CHUNKSERVERS`: how many chunkservers (2-8). @default 3 */
  readonly chunkservers: number;
  /** `DFS_CHUNK_SIZE`: bytes per chunk. @default 65536 */
  readonly chunkSize: number;
  /** `DFS_REPLICATION`: replicas per chunk (1 … chunkservers). @default 2 */
  readonly replicationFactor: number;
  /** `DFS_CACHE_ENTRIES`: entries of the master's metadata cache. @default 1024 */
  readonly cacheEntries: number;
  /** `DFS_CHUNKSERVER_CAPACITY`: bytes each chunkserver may hold. @default 1073741824 */
  readonly capacityBytes: number;
}

/** Thrown for a setting that is out of range; names the variable. */
export class SettingsError extends Error {}

/** Reads the settings. @throws {SettingsError} naming the variable, its value and the range. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): DfsSettings {
  const chunkservers = int(env, 'DFS_CHUNKSERVERS', 3, 2, 8);
  return {
    chunkservers,
    chunkSize: int(env, 'DFS_CHUNK_SIZE', 65536, 1, 64 << 20),
    replicationFactor: int(env, 'DFS_REPLICATION', 2, 1, chunkservers),
    cacheEntries: int(env, 'DFS_CACHE_ENTRIES', 1024, 1, 1 << 24),
    capacityBytes: int(env, 'DFS_CHUNKSERVER_CAPACITY', 1 << 30, 1, Number.MAX_SAFE_INTEGER),
  };
}

function int(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new SettingsError(
      `env ${variable}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}
