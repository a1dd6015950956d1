import { mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from './storage.js';

/**
 * The local backend: one file per key under `directory`. Keys are percent-encoded into file
 * names, so any key is safe.
 */
export class LocalStorage implements Storage {
  readonly backend = 'local' as const;

  private constructor(
    private readonly directory: string,
    private readonly removeOnClose: boolean,
  ) {}

  /** Creates the directory if needed. With `removeOnClose`, `close()` deletes it. */
  static async open(directory: string, removeOnClose: boolean): Promise<LocalStorage> {
    await mkdir(directory, { recursive: true });
    return new LocalStorage(directory, removeOnClose);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, value: string): Promise<void> {
    await writeFile(this.pathOf(key), value);
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.removeOnClose) await rm(this.directory, { recursive: true, force: true });
  }

  private pathOf(key: string): string {
    return join(this.directory, encodeURIComponent(key) || '%00');
  }
}
