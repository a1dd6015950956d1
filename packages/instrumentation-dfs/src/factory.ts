import type { Meter } from '@opentelemetry/api';
import { ChunkServerMetrics } from './chunkserver-metrics.js';
import { ClientMetrics } from './client-metrics.js';
import { MasterMetrics } from './master-metrics.js';
import { MetaloggerMetrics } from './metalogger-metrics.js';

/** The component kinds of the file system. */
export type DfsComponent = 'master' | 'chunkserver' | 'metalogger' | 'client';

/** Every component kind, for validation messages. */
export const DFS_COMPONENTS: readonly DfsComponent[] = [
  'master',
  'chunkserver',
  'metalogger',
  'client',
];

/** The metric set of each component kind. */
export interface DfsComponentMetrics {
  master: MasterMetrics;
  chunkserver: ChunkServerMetrics;
  metalogger: MetaloggerMetrics;
  client: ClientMetrics;
}

/**
 * The file system's collector factory: the metric set of one component kind on `meter` (give each
 * component its own meter provider, so each has its own endpoint). Typed by kind, so
 * `createComponentMetrics('master', meter)` is a `MasterMetrics`.
 *
 * @throws {Error} for an unknown kind (a string from configuration, say), naming the known ones.
 */
export function createComponentMetrics<K extends DfsComponent>(
  component: K,
  meter: Meter,
): DfsComponentMetrics[K] {
  const made: Record<string, (() => DfsComponentMetrics[DfsComponent]) | undefined> = {
    master: () => new MasterMetrics(meter),
    chunkserver: () => new ChunkServerMetrics(meter),
    metalogger: () => new MetaloggerMetrics(meter),
    client: () => new ClientMetrics(meter),
  };
  const make = Object.hasOwn(made, component) ? made[component] : undefined;
  if (!make) {
    throw new Error(
      `unknown DFS component type ${JSON.stringify(component)} (expected one of: ${DFS_COMPONENTS.join(', ')})`,
    );
  }
  return make() as DfsComponentMetrics[K];
}
