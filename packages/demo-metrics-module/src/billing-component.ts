import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_DIR } from '@meterline/grpc';

/** One measurement of `meterline.metrics.v1.Measurement`, as any language's client sends it. */
interface Measurement {
  instrument: string;
  kind: 'INSTRUMENT_KIND_COUNTER' | 'INSTRUMENT_KIND_GAUGE' | 'INSTRUMENT_KIND_HISTOGRAM';
  unit: string;
  description: string;
  value: number;
  attributes: { key: string; value: { stringValue: string } }[];
}

type Unary = (
  request: object,
  metadata: Metadata,
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/** A running billing component. */
export interface BillingComponent {
  /** Stops recording and closes the channel. */
  stop(): void;
}

/**
 * A component of the system that is not written for Node (a billing batch, say) and records its
 * metrics into the module over gRPC, as the seed's "collection" asks: `MetricsService.Record`
 * every `intervalMs` (invoices by status, queue depth, invoice amounts, API latency, which the
 * module serves as a summary), and a `Query` of its own invoice counter now and then, the way a
 * console would read it. It uses only the shipped `.proto` and a stock gRPC client, as a Python
 * or Go component would with its generated stubs.
 */
export function startBillingComponent(grpcUrl: string, intervalMs = 500): BillingComponent {
  const definition = loadSync('meterline/metrics/v1/metrics_service.proto', {
    includeDirs: [PROTO_DIR],
    keepCase: false,
    enums: String,
    defaults: true,
  });
  const api = loadPackageDefinition(definition) as unknown as {
    meterline: { metrics: { v1: { MetricsService: new (...args: unknown[]) => object } } };
  };
  const address = grpcUrl.replace(/^grpcs?:\/\//, '');
  const client = new api.meterline.metrics.v1.MetricsService(
    address,
    credentials.createInsecure(),
  ) as Record<'Record' | 'Query', Unary> & { close(): void };
  const call = (method: 'Record' | 'Query', request: object) =>
    client[method].call(client, request, new Metadata(), () => {
      // A failed call shows in the module's rpc.server.call.duration; the component carries on.
    });

  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const status = tick % 10 === 0 ? 'failed' : 'paid';
    const label = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const measurements: Measurement[] = [
      {
        instrument: 'billing.invoices',
        kind: 'INSTRUMENT_KIND_COUNTER',
        unit: '{invoice}',
        description: 'Invoices the billing batch processed',
        value: 1,
        attributes: [label('status', status)],
      },
      {
        instrument: 'billing.queue.depth',
        kind: 'INSTRUMENT_KIND_GAUGE',
        unit: '{invoice}',
        description: 'Invoices waiting in the billing queue',
        value: 20 + (tick % 7),
        attributes: [],
      },
      {
        instrument: 'billing.invoice.amount',
        kind: 'INSTRUMENT_KIND_HISTOGRAM',
        unit: '{USD}',
        description: 'Amount of each invoice',
        value: 10 + ((tick * 37) % 490),
        attributes: [label('currency', 'USD')],
      },
      {
        instrument: 'billing.api.latency',
        kind: 'INSTRUMENT_KIND_HISTOGRAM',
        unit: 's',
        description: 'Latency of the payment API the batch calls',
        value: 0.02 + ((tick * 13) % 100) / 1000,
        attributes: [label('endpoint', 'charge')],
      },
    ];
    call('Record', { measurements });
    if (tick % 10 === 0) call('Query', { instrument: 'billing.invoices' });
  }, intervalMs);

  return {
    stop() {
      clearInterval(timer);
      client.close();
    },
  };
}
