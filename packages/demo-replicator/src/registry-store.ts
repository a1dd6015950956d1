import type { Resource, ResourceType } from './resources.js';

/** A create refused because the registry holds as many resources as its quota allows. */
export class QuotaExceededError extends Error {}

/**
 * The state of one small registry: resources by type, a quota on their total count, and an outage
 * switch the demo uses to show failures. Synchronous and in memory.
 */
export class RegistryStore {
  private readonly resources = new Map<ResourceType, Map<string, Resource>>();
  /** While true, the registry answers every API call with 503. */
  down = false;

  /** @param quota the most resources, over all types, the registry holds. */
  constructor(public quota: number) {}

  /** Resources of `type`, by name. */
  list(type: ResourceType): Resource[] {
    return [...(this.resources.get(type)?.values() ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  get(type: ResourceType, name: string): Resource | undefined {
    return this.resources.get(type)?.get(name);
  }

  /** Resources held, over all types. */
  get used(): number {
    let used = 0;
    for (const byName of this.resources.values()) used += byName.size;
    return used;
  }

  /**
   * Creates or replaces a resource; `created` says which.
   * @throws {QuotaExceededError} when a create would exceed the quota.
   */
  put(
    type: ResourceType,
    name: string,
    spec: Readonly<Record<string, unknown>>,
  ): { resource: Resource; created: boolean } {
    let byName = this.resources.get(type);
    if (!byName) {
      byName = new Map();
      this.resources.set(type, byName);
    }
    const existing = byName.get(name);
    if (!existing && this.used >= this.quota) {
      throw new QuotaExceededError(`quota exceeded: ${this.used} of ${this.quota} resources used`);
    }
    const resource: Resource = {
      name,
      spec,
      version: (existing?.version ?? 0) + 1,
      updatedAt: new Date().toISOString(),
    };
    byName.set(name, resource);
    return { resource, created: !existing };
  }

  /** Deletes a resource; false when there was none. */
  delete(type: ResourceType, name: string): boolean {
    return this.resources.get(type)?.delete(name) ?? false;
  }
}
