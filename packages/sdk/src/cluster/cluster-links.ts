import type { Cluster, Worker } from 'node:cluster';
import type { ClusterAggregator } from './aggregator.js';
import type { PrimaryChannel } from './worker-agent.js';
import { isClusterMessage, type ClusterMessage } from './wire.js';

// `node:cluster`'s CommonJS object is its `default` export of the types.
const cluster = process.getBuiltinModule('node:cluster') as unknown as Cluster;

/**
 * Connects every `node:cluster` worker, forked before or after this call, to `aggregator`: its
 * hello connects it, its deltas are merged, its exit disconnects it. Returns how to stop watching.
 * Messages that are not of the protocol are left to the service.
 */
export function watchClusterWorkers(aggregator: ClusterAggregator): () => void {
  const attach = (worker: Worker) => {
    const id = `cluster-${worker.id}`;
    const onMessage = (message: unknown) => {
      if (!isClusterMessage(message)) return;
      if (message.type === 'hello') {
        aggregator.connect({
          id,
          send(request) {
            if (!worker.isConnected()) return false;
            // The callback takes a send error (channel closing) that would otherwise be thrown.
            worker.send(request, undefined, () => undefined);
            return true;
          },
        });
      } else if (message.type === 'delta') {
        aggregator.receive(id, message);
      }
    };
    worker.on('message', onMessage);
    worker.once('exit', () => {
      worker.off('message', onMessage);
      aggregator.disconnect(id);
    });
  };
  for (const worker of Object.values(cluster.workers ?? {})) if (worker) attach(worker);
  cluster.on('fork', attach);
  return () => cluster.off('fork', attach);
}

/** A cluster worker's channel to its primary: the process IPC channel. */
export function processChannel(): PrimaryChannel {
  return {
    send(message: ClusterMessage) {
      if (!process.connected) throw new Error('the IPC channel to the primary is closed');
      process.send!(message, undefined, undefined, () => undefined);
    },
    listen(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}
