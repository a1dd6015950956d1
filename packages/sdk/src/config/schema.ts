import { BUCKET_PRESET_NAMES, type BucketPresetName } from '../buckets.js';
import {
  countSchema,
  MAX_TIMER_MILLIS,
  millisSchema,
  z,
  type AnyExporterPlugin,
} from '@meterline/plugin';

// Every schema here is built on first use, not at import: a service validates only the sections
// its layers set (see layerSchemaFor), and building zod schemas it never uses cost start-up time
// and heap (issue 13, bench section "Cold start").

/** Series per metric stream: at least 1, at most ten million (far past what any target serves). */
const cardinalityLimit = () => countSchema('series', { min: 1, max: 10_000_000 });

const presetName = () =>
  z.enum(BUCKET_PRESET_NAMES as [BucketPresetName, ...BucketPresetName[]], {
    error: `expected a bucket preset: ${BUCKET_PRESET_NAMES.join(', ')}`,
  });
const boundaries = () =>
  z
    .array(z.number().finite(), { error: 'expected a list of numbers' })
    .refine((bs) => bs.every((b, i) => i === 0 || b > bs[i - 1]!), {
      message: 'expected bucket boundaries in strictly increasing order',
    });
const instrumentTypes = [
  'counter',
  'up-down-counter',
  'histogram',
  'gauge',
  'observable-counter',
  'observable-up-down-counter',
  'observable-gauge',
] as const;

const quantileText = 'a quantile must be a number between 0 and 1 (exclusive)';

/**
 * The summary aggregation of a view (histograms, `meterline` engine): client_golang's Summary.
 * Objectives map a quantile to its allowed rank error (`{ 0.5: 0.05, 0.99: 0.001 }`).
 */
const summaryAggregation = () =>
  z.strictObject({
    type: z.literal('summary', {
      error:
        'expected "summary" (the one aggregation a view names; buckets, preset, exponential and drop choose the others)',
    }),
    /** Quantile to allowed rank error. @default { 0.5: 0.05, 0.9: 0.01, 0.99: 0.001 } */
    objectives: z
      .record(
        z.string().refine((k) => k.trim() !== '' && Number(k) > 0 && Number(k) < 1),
        z
          .number({ error: 'expected an allowed error: a number between 0 and 1 (exclusive)' })
          .gt(0, { error: 'expected an allowed error: a number between 0 and 1 (exclusive)' })
          .lt(1, { error: 'expected an allowed error: a number between 0 and 1 (exclusive)' }),
        {
          error: (issue) =>
            issue.code === 'invalid_key'
              ? quantileText
              : issue.code === 'invalid_type'
                ? 'expected objectives as { quantile: allowed error }, e.g. { 0.5: 0.05, 0.99: 0.001 }'
                : undefined,
        },
      )
      .refine((o) => Object.keys(o).length >= 1 && Object.keys(o).length <= 32, {
        error: 'expected from 1 to 32 objectives',
      })
      .optional(),
    /** How long a value counts in the quantiles, in seconds. @default 600 */
    maxAgeSeconds: z
      .number({ error: 'expected seconds: a number in (0, 604800]' })
      .gt(0, { error: 'expected seconds: a number in (0, 604800]' })
      .max(604_800, { error: 'expected seconds: a number in (0, 604800]' })
      .optional(),
    /** Age buckets the window rotates through (it slides by maxAgeSeconds / ageBuckets). @default 5 */
    ageBuckets: countSchema('age buckets', { min: 1, max: 1000 }).optional(),
  });

/**
 * One view: selects instruments and changes their stream. Selection fields are ANDed. A view that
 * matches an instrument replaces its default stream (OTel semantics: two views matching the same
 * instrument make two streams, so give them distinct `rename`s).
 */
const viewSchema = () =>
  z
    .strictObject({
      /** Instrument name, exact or with `*` / `?` wildcards. */
      instrument: z.string().min(1),
      /** Meter (scope) name, exact. */
      meter: z.string().min(1).optional(),
      /** Instrument kind. */
      type: z.enum(instrumentTypes).optional(),
      /** Instrument unit, exact (UCUM: `s`, `ms`, `By`, …). */
      unit: z.string().optional(),
      /** New stream name. */
      rename: z.string().min(1).optional(),
      /** New stream description. */
      description: z.string().optional(),
      /** Explicit bucket boundaries (histograms). Mutually exclusive with `preset`. */
      buckets: boundaries().optional(),
      /** A named bucket preset (histograms). */
      preset: presetName().optional(),
      /** Attribute allow-list: every other attribute key is dropped before aggregation. */
      attributes: z.array(z.string()).optional(),
      /** Drop the instrument entirely. */
      drop: z.boolean().optional(),
      /** Series limit for this stream; beyond it, points go to an overflow series. */
      cardinalityLimit: cardinalityLimit().optional(),
      /**
       * Aggregate as a base-2 exponential histogram (histograms): `true`, or `{ maxSize }` for the
       * buckets kept per sign (the SDK's default, 160). Served natively over the Prometheus protobuf
       * exposition and OTLP, as fixed classic buckets in the text formats. Not with `buckets`/`preset`.
       */
      exponential: z
        .union(
          [
            z.boolean(),
            z.strictObject({ maxSize: countSchema('buckets', { min: 2, max: 16_384 }).optional() }),
          ],
          {
            error: 'expected true, false or { maxSize: <buckets per sign> }',
          },
        )
        .optional(),
      /**
       * Aggregate as a summary (histograms, `meterline` engine): quantiles over a sliding window,
       * served as the Prometheus summary type and as OTLP Summary points. Not with
       * `buckets`/`preset`/`exponential`/`drop`.
       */
      aggregation: summaryAggregation().optional(),
    })
    .refine(
      (view) =>
        view.aggregation === undefined ||
        (view.buckets === undefined &&
          view.preset === undefined &&
          !view.exponential &&
          view.drop !== true),
      {
        path: ['aggregation'],
        error:
          'a summary has no buckets and is not dropped: remove buckets/preset/exponential/drop or aggregation',
      },
    )
    .refine(
      (view) => !view.exponential || (view.buckets === undefined && view.preset === undefined),
      {
        path: ['exponential'],
        error:
          'an exponential histogram has no explicit buckets: remove buckets/preset or exponential',
      },
    );

/** A view as written in config. */
export type ViewConfig = z.infer<ReturnType<typeof viewSchema>>;

/** The sections of a layer but `exporters`, each built on first use and kept (schemas are immutable). */
const SECTIONS = {
  service: () =>
    z
      .strictObject({
        name: z.string().min(1).optional(),
        version: z.string().min(1).optional(),
        namespace: z.string().min(1).optional(),
        instanceId: z.string().min(1).optional(),
      })
      .optional(),
  resource: () =>
    z
      .strictObject({
        /** Extra resource attributes (`OTEL_RESOURCE_ATTRIBUTES`). */
        attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        /** Add host.* and process.* attributes. */
        detect: z.boolean().optional(),
      })
      .optional(),
  metrics: () =>
    z
      .strictObject({
        /** Which plug-ins run (`OTEL_METRICS_EXPORTER`); `[]` runs none. */
        exporters: z.array(z.string().min(1)).optional(),
        exportIntervalMillis: millisSchema().optional(),
        exportTimeoutMillis: millisSchema().optional(),
        /** Default series limit per instrument. */
        cardinalityLimit: cardinalityLimit().optional(),
        /**
         * What records and aggregates (`METERLINE_METRICS_ENGINE`): `meterline`, Meterline's own
         * engine, or `sdk`, the OpenTelemetry SDK's `MeterProvider`.
         */
        engine: z.enum(['meterline', 'sdk'], { error: 'expected "meterline" or "sdk"' }).optional(),
        /**
         * Evict a series after this long without a recording (`meterline` engine only); 0 keeps
         * every series (`METERLINE_METRICS_STALE_SERIES_MILLIS`).
         */
        staleSeriesMillis: millisSchema({ min: 0, max: MAX_TIMER_MILLIS }).optional(),
        /**
         * Which measurements may become exemplars (`OTEL_METRICS_EXEMPLAR_FILTER`, `meterline`
         * engine): in a sampled span (`trace_based`), all (`always_on`), none (`always_off`).
         */
        exemplarFilter: z
          .enum(['trace_based', 'always_on', 'always_off'], {
            error: 'expected "trace_based", "always_on" or "always_off"',
          })
          .optional(),
        /** Histogram buckets chosen by unit when the instrumentation gave none. */
        unitBuckets: z
          .record(
            z.string(),
            z.union([presetName(), boundaries()], {
              error: `expected a bucket preset (${BUCKET_PRESET_NAMES.join(', ')}) or a list of increasing numbers`,
            }),
          )
          .optional(),
        views: z.array(viewSchema()).optional(),
        /**
         * Limits applied to every measurement's attributes as it is recorded: longer string values
         * are cut (`OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`), attributes past the count dropped
         * (`OTEL_ATTRIBUTE_COUNT_LIMIT`).
         */
        attributeLimits: z
          .strictObject({
            valueLength: countSchema('characters', { min: 1, max: 1_048_576 }).optional(),
            count: countSchema('attributes', { min: 1, max: 1024 }).optional(),
          })
          .optional(),
        /** Process and Node.js runtime metrics (CPU, memory, fds, start time, event loop, GC). */
        runtime: z
          .strictObject({
            enabled: z.boolean().optional(),
            /** `otel` (semantic-convention names) or `prom-client` (its default metric names). */
            names: z
              .enum(['otel', 'prom-client'], { error: 'expected "otel" or "prom-client"' })
              .optional(),
          })
          .optional(),
      })
      .optional(),
};
type Sections = { [K in keyof typeof SECTIONS]: ReturnType<(typeof SECTIONS)[K]> };
const built: Partial<Sections> = {};

function section<K extends keyof Sections>(key: K): Sections[K] {
  const cached = built[key];
  if (cached) return cached;
  const fresh = SECTIONS[key]() as Sections[K];
  built[key] = fresh;
  return fresh;
}

const SECTION_KEYS = Object.keys(SECTIONS) as (keyof Sections)[];

/**
 * Builds the schema of one configuration layer for the given plug-ins. Every field is optional
 * (a layer sets only what it sets); defaults are applied after the layers are merged.
 */
export function buildLayerSchema(plugins: readonly AnyExporterPlugin[]) {
  const exporterShape: Record<string, z.ZodType> = {};
  for (const plugin of plugins) exporterShape[plugin.name] = plugin.optionsSchema.optional();
  return z.strictObject({
    service: section('service'),
    resource: section('resource'),
    metrics: section('metrics'),
    exporters: z.strictObject(exporterShape).optional(),
  });
}

/**
 * The schema of {@link buildLayerSchema} cut to the sections (and exporter sections) `value` sets:
 * it accepts and rejects exactly what the whole schema does, since every key it leaves out is
 * optional and absent from `value`, and an unknown key is one either way. Only its messages may
 * differ (an unknown key's "expected one of" lists the schema's keys), so a layer it rejects is
 * validated again against the whole schema.
 */
export function layerSchemaFor(plugins: readonly AnyExporterPlugin[], value: unknown): z.ZodType {
  // `in`, not own keys: zod reads an inherited key too, and a key kept needlessly changes nothing.
  const sets = (object: unknown, key: string) =>
    typeof object === 'object' && object !== null && key in object;
  const shape: Record<string, z.ZodType> = {};
  for (const key of SECTION_KEYS) if (sets(value, key)) shape[key] = section(key);
  if (sets(value, 'exporters')) {
    const exporters = (value as { exporters: unknown }).exporters;
    const exporterShape: Record<string, z.ZodType> = {};
    for (const plugin of plugins) {
      if (sets(exporters, plugin.name))
        exporterShape[plugin.name] = plugin.optionsSchema.optional();
    }
    shape.exporters = z.strictObject(exporterShape).optional();
  }
  return z.strictObject(shape);
}

/** One configuration layer: what code, a file or the environment sets. */
export type ConfigLayer = z.infer<ReturnType<typeof buildLayerSchema>>;
