import type { DfsCluster } from './cluster.js';

/** A running synthetic workload. */
export interface Workload {
  stop(): void;
}

/**
 * Drives a light, steady workload so every metric has data within a minute: every `intervalMs` a
 * file is written or read (at most 12 kept, the oldest deleted; up to 3 chunks each; every tenth
 * read is of a missing file); a backup 5 s after
 * start and every 15 s; a recovery check at 10 s and every 30 s; and at 20 s and every 40 s one
 * chunkserver goes down for 3 s, so reads fail over and connection errors show.
 */
export function startWorkload(cluster: DfsCluster, intervalMs = 500): Workload {
  const report = (what: string) => (error: unknown) => {
    process.stderr.write(`dfs: workload ${what} failed: ${String(error)}\n`);
  };
  const files: string[] = [];
  let tick = 0;
  let serial = 0;
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, firstMs: number, run: () => void) => {
    timers.push(
      setTimeout(() => {
        run();
        timers.push(setInterval(run, ms));
      }, firstMs),
    );
  };

  timers.push(
    setInterval(() => {
      tick++;
      if (tick % 10 === 0) {
        // A read of a file that is not there: the not_found statuses.
        cluster.client.readFile(`demo/missing-${tick}`).catch(report('read'));
      } else if (files.length === 0 || tick % 2 === 0) {
        const path = `demo/file-${++serial}`;
        const size = ((serial * 7919) % (3 * cluster.master.chunkSize)) + 1;
        files.push(path);
        cluster.client.writeFile(path, Buffer.alloc(size, serial % 251)).catch(report('write'));
        if (files.length > 12) cluster.client.deleteFile(files.shift()!).catch(report('delete'));
      } else {
        cluster.client.readFile(files[(tick * 31) % files.length]!).catch(report('read'));
      }
    }, intervalMs),
  );
  every(15_000, 5_000, () => void cluster.metalogger.backup().catch(report('backup')));
  every(30_000, 10_000, () => void cluster.metalogger.recover().catch(report('recovery')));
  every(40_000, 20_000, () => {
    const server = cluster.chunkservers[tick % cluster.chunkservers.length]!;
    server.setServing(false);
    timers.push(setTimeout(() => server.setServing(true), 3_000));
  });
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
      for (const server of cluster.chunkservers) server.setServing(true);
    },
  };
}
