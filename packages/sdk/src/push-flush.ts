import { redactUrlCredentials } from '@meterline/plugin';
import type { ExporterInstance, PushExporterReport } from '@meterline/plugin';

/** A started plug-in: its name and what its factory yielded. */
export interface CreatedExporter {
  readonly name: string;
  readonly instance: ExporterInstance;
}

/**
 * Flushes every push exporter among `created` at once (each reader collects and exports now) and
 * reports each one's delivery accounting after its flush. Never rejects: a flush that throws is
 * reported as `flushError`, its message passed through `redact`.
 */
export async function flushPushExporters(
  created: readonly CreatedExporter[],
  redact: (text: string) => string,
): Promise<PushExporterReport[]> {
  return Promise.all(
    created
      .filter(({ instance }) => instance.push === true)
      .map(async ({ name, instance }): Promise<PushExporterReport> => {
        let flushError: string | undefined;
        try {
          await instance.reader.forceFlush();
        } catch (error) {
          flushError = redact(error instanceof Error ? error.message : String(error));
        }
        return {
          exporter: name,
          endpoints: instance.endpoints.map((e) => redactUrlCredentials(e.url)),
          ...(flushError === undefined ? {} : { flushError }),
          ...(instance.delivery ? { delivery: instance.delivery() } : {}),
        };
      }),
  );
}
