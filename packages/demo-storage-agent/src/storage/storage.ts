import type { StorageBackendName } from '@meterline/instrumentation-storage-agent';

/** A key-value store the agent keeps message payloads in. */
export interface Storage {
  /** The `backend` label value. */
  readonly backend: StorageBackendName;
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  /** Resolves true when the key existed. */
  delete(key: string): Promise<boolean>;
  close(): Promise<void>;
}
