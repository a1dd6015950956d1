import type { serializeProtobuf as SerializeProtobuf } from './exposition/protobuf/serialize-protobuf.js';

let loading: Promise<typeof SerializeProtobuf> | undefined;

/**
 * Writes a collection as the Prometheus protobuf exposition: the same function as
 * `exposition/protobuf/serialize-protobuf.ts` (see there for the format), loaded at its first
 * call. protobufjs and the metrics.proto types it builds are about 40 modules of start-up work,
 * and most endpoints are never scraped over protobuf (only Prometheus with native histograms on
 * asks for it), so a service pays for them at its first protobuf scrape instead of at start.
 * That first call waits for the import; a failed import rejects the call and the next one tries
 * again.
 */
export function serializeProtobuf(
  ...args: Parameters<typeof SerializeProtobuf>
): ReturnType<typeof SerializeProtobuf> {
  loading ??= import('./exposition/protobuf/serialize-protobuf.js').then(
    (m) => m.serializeProtobuf,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading.then((serialize) => serialize(...args));
}
