import { diag, type AnyValue, type Attributes, type AttributeValue } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';

/**
 * The `Resource` of `@opentelemetry/resources` (its public interface, imported as a type only),
 * stated here so a service does not load that package, `@opentelemetry/core` and
 * `@opentelemetry/semantic-conventions` (about 55 modules) to start. It replicates
 * `resourceFromAttributes`, `emptyResource`, `defaultResource` and `merge` of the catalog's
 * version: the attributes the other resource sets win, a key seen first wins within a list, keys
 * that are empty or values that are not simple attribute values are dropped, schema URLs merge
 * (one empty takes the other's, equal keep it, different give none). The differential test
 * (packages/engine/test/resource.test.ts) holds it to the library.
 */

type MaybePromise<T> = T | Promise<T>;
type RawResourceAttribute = [string, MaybePromise<AnyValue | undefined>];

/** The `telemetry.sdk.*` of `defaultResource`: `@opentelemetry/core`'s `SDK_INFO` (catalog 3.1.0). */
const SDK_LANGUAGE = 'nodejs';
const SDK_NAME = 'opentelemetry';
const SDK_VERSION = '3.1.0';

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as { then?: unknown }).then === 'function';

const isPrimitiveType = (type: string) =>
  type === 'number' || type === 'boolean' || type === 'string';

/** `@opentelemetry/core`'s `isSimpleAttributeValue`: a primitive or a homogeneous array of them. */
function isSimpleAttributeValue(value: unknown): value is AttributeValue {
  if (!Array.isArray(value)) return isPrimitiveType(typeof value);
  let type: string | undefined;
  for (const element of value as unknown[]) {
    if (element == null) continue;
    const elementType = typeof element;
    if (elementType === type) continue;
    if (!type && isPrimitiveType(elementType)) {
      type = elementType;
      continue;
    }
    return false;
  }
  return true;
}

/** A rejected attribute promise settles as `undefined` (and the attribute is dropped). */
function guarded(attributes: RawResourceAttribute[]): RawResourceAttribute[] {
  return attributes.map(([key, value]): RawResourceAttribute => {
    if (!isPromiseLike(value)) return [key, value];
    return [
      key,
      Promise.resolve(value).then(
        (settled) => settled,
        (error: unknown) => {
          diag.debug('promise rejection for resource attribute: %s - %s', key, error);
          return undefined;
        },
      ),
    ];
  });
}

function validSchemaUrl(schemaUrl: unknown): string | undefined {
  if (typeof schemaUrl === 'string' || schemaUrl === undefined) return schemaUrl;
  diag.warn(
    'Schema URL must be string or undefined, got %s. Schema URL will be ignored.',
    schemaUrl,
  );
  return undefined;
}

function mergeSchemaUrl(old: Resource, updating: Resource): string | undefined {
  const oldUrl = old.schemaUrl;
  const updatingUrl = updating.schemaUrl;
  if (oldUrl === undefined || oldUrl === '') return updatingUrl;
  if (updatingUrl === undefined || updatingUrl === '') return oldUrl;
  if (oldUrl === updatingUrl) return oldUrl;
  diag.warn(
    'Schema URL merge conflict: old resource has "%s", updating resource has "%s". Resulting resource will have undefined Schema URL.',
    oldUrl,
    updatingUrl,
  );
  return undefined;
}

class MeterlineResource implements Resource {
  private readonly raw: RawResourceAttribute[];
  private pending: boolean;
  private readonly url: string | undefined;
  private memoized: Attributes | undefined;

  constructor(attributes: RawResourceAttribute[], schemaUrl: unknown) {
    this.raw = guarded(attributes);
    this.pending = attributes.some(([, value]) => isPromiseLike(value));
    this.url = validSchemaUrl(schemaUrl);
  }

  get asyncAttributesPending(): boolean {
    return this.pending;
  }

  async waitForAsyncAttributes(): Promise<void> {
    if (!this.pending) return;
    for (let i = 0; i < this.raw.length; i++) {
      const [key, value] = this.raw[i]!;
      this.raw[i] = [key, isPromiseLike(value) ? await value : value];
    }
    this.pending = false;
  }

  get attributes(): Attributes {
    if (this.pending) diag.error('Accessing resource attributes before async attributes settled');
    if (this.memoized) return this.memoized;
    const attributes: Attributes = {};
    for (const [key, value] of this.raw) {
      if (isPromiseLike(value)) {
        diag.debug(`Unsettled resource attribute ${key} skipped`);
        continue;
      }
      if (Object.hasOwn(attributes, key)) continue;
      if (key.length === 0) diag.warn('dropping invalid resource attribute key: <empty string>');
      else if (!isSimpleAttributeValue(value))
        diag.warn(`dropping invalid resource attribute value for key "${key}"`);
      else attributes[key] = value;
    }
    if (!this.pending) this.memoized = attributes;
    return attributes;
  }

  get schemaUrl(): string | undefined {
    return this.url;
  }

  getRawAttributes(): RawResourceAttribute[] {
    return this.raw;
  }

  merge(other: Resource | null): Resource {
    if (other == null) return this;
    const schemaUrl = mergeSchemaUrl(this, other);
    return new MeterlineResource(
      [...other.getRawAttributes(), ...this.getRawAttributes()],
      schemaUrl ? schemaUrl : undefined,
    );
  }
}

/** `resourceFromAttributes` of `@opentelemetry/resources`; values may be promises (settled by `waitForAsyncAttributes`). */
export function resourceFromAttributes(
  attributes: Record<string, MaybePromise<AnyValue | undefined>>,
  options?: { schemaUrl?: string },
): Resource {
  return new MeterlineResource(Object.entries(attributes), options?.schemaUrl);
}

/** `emptyResource` of `@opentelemetry/resources`. */
export function emptyResource(): Resource {
  return resourceFromAttributes({});
}

let serviceName: string | undefined;

/** `unknown_service:<argv0>` (or `unknown_service`), as `@opentelemetry/resources` names it. */
function defaultServiceName(): string {
  if (serviceName === undefined) {
    const argv0 = globalThis.process?.argv0;
    serviceName = argv0 ? `unknown_service:${argv0}` : 'unknown_service';
  }
  return serviceName;
}

/** `defaultResource` of `@opentelemetry/resources`: the default service name and `telemetry.sdk.*`. */
export function defaultResource(): Resource {
  return resourceFromAttributes({
    'service.name': defaultServiceName(),
    'telemetry.sdk.language': SDK_LANGUAGE,
    'telemetry.sdk.name': SDK_NAME,
    'telemetry.sdk.version': SDK_VERSION,
  });
}
