import type { Meter, MeterOptions, MeterProvider } from '@opentelemetry/api';

/**
 * A meter provider whose meters are `wrap(meter)` of the given provider's, one per name, version
 * and schema URL (so two `getMeter` calls with the same arguments get the same meter back, as the
 * API promises).
 */
export function wrapMeters(provider: MeterProvider, wrap: (meter: Meter) => Meter): MeterProvider {
  const cache = new Map<string, Meter>();
  return {
    getMeter(name: string, version?: string, options?: MeterOptions): Meter {
      const key = `${name}\u0000${version ?? ''}\u0000${options?.schemaUrl ?? ''}`;
      let meter = cache.get(key);
      if (!meter) {
        meter = wrap(provider.getMeter(name, version, options));
        cache.set(key, meter);
      }
      return meter;
    },
  };
}
