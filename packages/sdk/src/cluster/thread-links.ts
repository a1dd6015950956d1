import type { MessagePort, Worker } from 'node:worker_threads';
import type { WorkerSink } from './aggregator.js';
import type { PrimaryChannel } from './worker-agent.js';
import { isClusterMessage, PROTOCOL, TAG, type ClusterMessage } from './wire.js';

const { MessageChannel, parentPort } = process.getBuiltinModule('node:worker_threads');

/**
 * Connects one `worker_threads` Worker to `aggregator` (the primary's, or a cluster worker's
 * relay). The worker's telemetry (role `auto` or
 * `worker`) sends one tagged message on `parentPort` carrying a private MessagePort; everything
 * else travels on that port. Call it right after `new Worker(…)`. Returns how to detach.
 */
export function attachThread(aggregator: WorkerSink, worker: Worker): () => void {
  const id = `thread-${worker.threadId}`;
  let port: MessagePort | undefined;
  const onPortMessage = (message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.type === 'hello') {
      aggregator.connect({
        id,
        send(request) {
          if (!port) return false;
          port.postMessage(request);
          return true;
        },
      });
    } else if (message.type === 'delta') {
      aggregator.receive(id, message);
    }
  };
  const onMessage = (message: unknown) => {
    if (!isClusterMessage(message) || message.type !== 'port') return;
    port = message.port;
    port.on('message', onPortMessage);
    port.unref();
  };
  const detach = () => {
    worker.off('message', onMessage);
    port?.off('message', onPortMessage);
    port?.close();
    port = undefined;
    aggregator.disconnect(id);
  };
  worker.on('message', onMessage);
  worker.once('exit', detach);
  return detach;
}

/** A worker thread's channel to the main thread: a private port, announced on `parentPort`. */
export function threadChannel(): PrimaryChannel {
  if (!parentPort) throw new Error('threadChannel() called outside a worker thread');
  const { port1, port2 } = new MessageChannel();
  parentPort.postMessage({ [TAG]: PROTOCOL, type: 'port', port: port2 }, [port2]);
  port1.unref();
  return {
    send: (message: ClusterMessage) => port1.postMessage(message),
    listen(listener) {
      port1.on('message', listener);
      port1.unref();
      return () => port1.off('message', listener);
    },
  };
}
