/** The kinds of resource the registries hold and the replicator syncs, in sync order. */
export const RESOURCE_TYPES = ['project', 'repository', 'robot'] as const;

/** One kind of resource. */
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** A resource as a registry stores and serves it. */
export interface Resource {
  readonly name: string;
  /** The resource's settings; what the replicator copies. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Starts at 1, +1 on each change. */
  readonly version: number;
  /** ISO-8601 time of the last change. */
  readonly updatedAt: string;
}

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** Whether two specs hold the same settings, whatever the key order. */
export function sameSpec(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
) {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
