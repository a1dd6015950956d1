/** A sample from an instant query. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/**
 * Runs an instant PromQL query against the Prometheus query API at `baseUrl` (Prometheus itself,
 * or VictoriaMetrics, which serves the same API). Rejects with the server's message on a query
 * error, or when the result is not an instant vector.
 */
export async function instantQuery(baseUrl: string, promql: string): Promise<Sample[]> {
  const response = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: {
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
  };
  if (body.status !== 'success')
    throw new Error(`PromQL ${promql}: ${body.error ?? response.status}`);
  if (body.data?.resultType !== 'vector') {
    throw new Error(`PromQL ${promql}: expected an instant vector, got ${body.data?.resultType}`);
  }
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}
