import { describe, expect, it } from 'vitest';
import { printEndpoints } from '../src/lifecycle.js';

describe('printEndpoints', () => {
  it('prints the Prometheus endpoint as "<service> metrics:" and the others by exporter', () => {
    const lines: string[] = [];
    printEndpoints(
      'storage-agent',
      [
        { exporter: 'prometheus', url: 'http://127.0.0.1:8080/metrics' },
        { exporter: 'otlp', url: 'http://127.0.0.1:4318/v1/metrics' },
      ],
      (line) => lines.push(line),
    );
    expect(lines).toEqual([
      'storage-agent metrics: http://127.0.0.1:8080/metrics\n',
      'storage-agent otlp: http://127.0.0.1:4318/v1/metrics\n',
    ]);
  });
});
