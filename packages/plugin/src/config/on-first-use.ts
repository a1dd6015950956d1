/**
 * A stand-in for an object built at its first use: every read, write, `in` and key listing goes to
 * `build()`'s result, built once, at the first of them. For values a package exports but a service
 * may never touch (zod's schemas, which load zod).
 *
 * Reads pass through unbound: the objects it stands in for keep no state behind `this` (zod's
 * functions are plain functions, and a schema's methods are closures over the schema itself), and
 * `z.string === z.string` stays true.
 */
export function onFirstUse<T extends object>(build: () => T): T {
  let target: T | undefined;
  const real = () => (target ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // Proxy rule: a property the stand-in itself lacks can only be reported as configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    // Defining a property would define it on the stand-in, not on what it stands for.
    defineProperty: () => false,
  });
}
