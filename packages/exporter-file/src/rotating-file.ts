import { appendFile, rename, stat, unlink } from 'node:fs/promises';

/** Options of {@link RotatingFile}. */
export interface RotatingFileOptions {
  /** The file appended to. */
  readonly path: string;
  /** Size that triggers a rotation before the next line. @default 10485760 */
  readonly maxBytes?: number;
  /** Rotated files kept (`<path>.1` newest … `<path>.<maxFiles>`). @default 3 */
  readonly maxFiles?: number;
}

/**
 * Appends whole lines to a file and rotates it by size, logrotate-style: `<path>` becomes
 * `<path>.1`, `.1` becomes `.2`, and so on; the file past `maxFiles` is deleted. Lines are never
 * split across files, so each file is valid JSON lines on its own, and disk use stays under
 * `(maxFiles + 1) × max(maxBytes, longest line)`.
 *
 * Appends run one at a time, in call order. The constructor does no I/O; the size of an existing
 * file is read at the first append (a restarted service appends to it).
 */
export class RotatingFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private size: number | undefined;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(options: RotatingFileOptions) {
    this.path = options.path;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 3;
  }

  /** Appends still queued or being written. */
  get queued(): number {
    return this.pending;
  }

  /**
   * Appends `line` (which must end with a newline and contain no other), rotating first when it
   * would take the file past `maxBytes`. Rejects with the file system's error; the next append
   * tries again.
   */
  append(line: string): Promise<void> {
    this.pending++;
    const run = this.tail.then(() => this.write(line));
    this.tail = run.catch(() => {});
    return run.finally(() => this.pending--);
  }

  /** Resolves once every append so far has finished. */
  drain(): Promise<void> {
    return this.tail;
  }

  private async write(line: string) {
    const bytes = Buffer.byteLength(line);
    this.size ??= await sizeOf(this.path);
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    await appendFile(this.path, line, 'utf8');
    this.size += bytes;
  }

  private async rotate() {
    if (this.maxFiles === 0) {
      await unlink(this.path).catch(ignoreMissing);
    } else {
      await unlink(`${this.path}.${this.maxFiles}`).catch(ignoreMissing);
      for (let n = this.maxFiles - 1; n >= 1; n--) {
        await rename(`${this.path}.${n}`, `${this.path}.${n + 1}`).catch(ignoreMissing);
      }
      await rename(this.path, `${this.path}.1`);
    }
    this.size = 0;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    ignoreMissing(error);
    return 0;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
