import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  MeterProvider,
  type ResourceMetrics,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { PullMetricReader } from '../src/pull-reader.js';
import { serialize, type SerializeOptions } from '../src/exposition/serialize.js';
import { serializeProtobuf } from '../src/exposition/protobuf/serialize-protobuf.js';
import { decodeFamilies } from './exposition/proto-decoder.js';

/** A provider with a fixed resource and a pull reader, for exposition tests. */
export function testProvider(views: ViewOptions[] = []) {
  const reader = new PullMetricReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'service.instance.id': 'i-1' }),
    readers: [reader],
    views,
  });
  return { reader, provider };
}

/** A view that makes `name` an exponential histogram. */
export function exponentialView(name: string): ViewOptions {
  return {
    instrumentName: name,
    aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } },
  };
}

/** Serializes `metrics` to one string. */
export async function toText(
  metrics: ResourceMetrics,
  options: SerializeOptions,
): Promise<{ text: string; series: number; problems: readonly string[] }> {
  let text = '';
  const result = await serialize(metrics, options, (chunk) => {
    text += chunk.toString('utf8');
  });
  return { text, ...result };
}

/** Serializes `metrics` as protobuf and decodes the families back (with the test decoder). */
export async function toFamilies(metrics: ResourceMetrics) {
  const chunks: Buffer[] = [];
  await serializeProtobuf(metrics, {}, (chunk) => {
    chunks.push(Buffer.from(chunk));
  });
  return decodeFamilies(Buffer.concat(chunks));
}

/** Collects from `reader` and serializes in `format`. */
export async function scrapeText(
  reader: PullMetricReader,
  options: SerializeOptions,
): Promise<string> {
  const { resourceMetrics, errors } = await reader.collectWithin(5000);
  if (errors.length) throw new Error(`collection errors: ${errors.map(String).join('; ')}`);
  return (await toText(resourceMetrics, options)).text;
}
