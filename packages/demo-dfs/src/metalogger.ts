import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetaloggerMetrics } from '@meterline/instrumentation-dfs';
import { NoBackupError } from './errors.js';
import type { FileMeta, MetadataChange } from './metadata.js';

/** What a recovery rebuilt: the metadata as of the last logged change. */
export interface Recovery {
  readonly files: ReadonlyMap<string, FileMeta>;
  /** Sequence number of the backup it started from. */
  readonly snapshotSeq: number;
  /** Log entries applied on top of the backup. */
  readonly replayed: number;
}

interface Snapshot {
  readonly seq: number;
  readonly files: FileMeta[];
}

type LogLine =
  { seq: number; kind: 'create'; meta: FileMeta } | { seq: number; kind: 'delete'; path: string };

/**
 * The metalogger: receives the master's metadata changes, appends them to a change log on disk (a
 * JSON line each, in order, asynchronously: the master never waits), keeps its own copy of the
 * metadata from them, takes backups (a snapshot of that copy) and recovers the metadata from the
 * latest backup plus the log entries after it.
 *
 * Concurrency: changes are written by one drain loop, in batches, in the order received.
 */
export class Metalogger {
  private readonly queue: MetadataChange[] = [];
  private readonly replica = new Map<string, FileMeta>();
  private appliedSeq = 0;
  private logBytes = 0;
  private backups = 0;
  private running = false;
  private draining: Promise<void> = Promise.resolve();

  private constructor(
    private readonly directory: string,
    private readonly metrics: MetaloggerMetrics,
  ) {
    metrics.observe({
      logSizeBytes: () => this.logBytes,
      pendingEntries: () => this.queue.length,
    });
  }

  /** Creates the directory (empty log). */
  static async open(directory: string, metrics: MetaloggerMetrics): Promise<Metalogger> {
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'changelog.jsonl'), '');
    return new Metalogger(directory, metrics);
  }

  /** Takes one change from the master; it is logged shortly after. Never blocks, never throws. */
  receive(change: MetadataChange): void {
    this.queue.push(change);
    if (!this.running) {
      this.running = true;
      this.draining = this.drain();
    }
  }

  /** Resolves once every change received so far is in the log. */
  async idle(): Promise<void> {
    while (this.running) await this.draining;
  }

  /**
   * Writes a snapshot of the metadata as of the last logged change; resolves to its size in bytes.
   */
  async backup(): Promise<number> {
    await this.idle();
    return this.metrics.timeBackup('snapshot', async () => {
      const snapshot: Snapshot = { seq: this.appliedSeq, files: [...this.replica.values()] };
      const text = JSON.stringify(snapshot);
      const name = `backup-${String(++this.backups).padStart(6, '0')}.json`;
      await writeFile(join(this.directory, name), text);
      return Buffer.byteLength(text);
    });
  }

  /**
   * Rebuilds the metadata: restores the latest backup (`restore_snapshot`), then applies the log
   * entries written after it (`replay_log`). Reads only the files on disk.
   * @throws {NoBackupError} when no backup was taken yet.
   */
  async recover(): Promise<Recovery> {
    await this.idle();
    const snapshot = await this.metrics.timeRecovery('restore_snapshot', async () => {
      const names = (await readdir(this.directory)).filter((n) => n.startsWith('backup-')).sort();
      const latest = names[names.length - 1];
      if (!latest) throw new NoBackupError('no backup to recover from: take one first');
      return JSON.parse(await readFile(join(this.directory, latest), 'utf8')) as Snapshot;
    });
    return this.metrics.timeRecovery('replay_log', async () => {
      const files = new Map(snapshot.files.map((f) => [f.path, f]));
      const text = await readFile(join(this.directory, 'changelog.jsonl'), 'utf8');
      let replayed = 0;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        const entry = JSON.parse(line) as LogLine;
        if (entry.seq <= snapshot.seq) continue;
        apply(files, entry);
        replayed++;
      }
      return { files, snapshotSeq: snapshot.seq, replayed };
    });
  }

  /** Removes its directory. */
  async destroy(): Promise<void> {
    await this.idle();
    await rm(this.directory, { recursive: true, force: true });
  }

  private async drain(): Promise<void> {
    // `running` turns false in the same synchronous step that finds the queue empty, so a change
    // received later always starts a new drain.
    for (;;) {
      if (!this.queue.length) {
        this.running = false;
        return;
      }
      const batch = this.queue.splice(0);
      const lines = batch.map((c) => JSON.stringify(toLine(c))).join('\n') + '\n';
      let error: string | undefined;
      try {
        await appendFile(join(this.directory, 'changelog.jsonl'), lines);
        this.logBytes += Buffer.byteLength(lines);
      } catch (e) {
        error = (e as Error).message;
      }
      const now = process.hrtime.bigint();
      for (const change of batch) {
        if (error === undefined) {
          apply(this.replica, toLine(change));
          this.appliedSeq = change.seq;
        }
        const lag = Number(now - change.at) / 1e9;
        this.metrics.logEntry(change.kind, error === undefined ? 'success' : 'error', lag, error);
      }
    }
  }
}

function toLine(change: MetadataChange): LogLine {
  return change.kind === 'create'
    ? { seq: change.seq, kind: 'create', meta: change.meta }
    : { seq: change.seq, kind: 'delete', path: change.path };
}

function apply(files: Map<string, FileMeta>, entry: LogLine): void {
  if (entry.kind === 'create') files.set(entry.meta.path, entry.meta);
  else files.delete(entry.path);
}
