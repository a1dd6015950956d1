import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '@meterline/plugin';
import { startTelemetry, type TelemetryHandle } from '../../src/start-telemetry.js';
import { configErrorOf, fakePlugin } from '../helpers.js';
import { pollCollect } from './poll-collect.js';

const handles: TelemetryHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.shutdown()));
});

async function start(config: Parameters<typeof startTelemetry>[0]['config'] = {}) {
  const plugin = fakePlugin();
  const handle = await startTelemetry({
    plugins: [plugin],
    logger: silentLogger,
    registerGlobal: false,
    env: {},
    config,
  });
  handles.push(handle);
  return { handle, reader: plugin.reader };
}

describe('startTelemetry and runtime metrics', () => {
  it('turns runtime metrics on by default, under OpenTelemetry names', async () => {
    const { handle, reader } = await start();
    expect(handle.config.metrics.runtime).toEqual({ enabled: true, names: 'otel' });
    const all = await pollCollect(reader, (m) => m.has('process.open_fds'));
    expect(all.has('process.memory.usage')).toBe(true);
    expect(all.has('process.start_time')).toBe(true);
  });

  it('reports prom-client names when configured', async () => {
    const { reader } = await start({ metrics: { runtime: { names: 'prom-client' } } });
    const all = await pollCollect(reader, (m) => m.has('process_open_fds'));
    expect(all.has('process_resident_memory_bytes')).toBe(true);
    expect(all.has('process.memory.usage')).toBe(false);
  });

  it('starts none when disabled', async () => {
    const { reader } = await start({ metrics: { runtime: { enabled: false } } });
    const all = await pollCollect(reader, () => true);
    expect([...all.keys()].filter((name) => name !== 'meterline_health_check_status')).toEqual([]);
  });
});

describe('metrics.runtime configuration', () => {
  it('names the key and the accepted values for an unknown naming scheme', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins: [fakePlugin()],
        env: {},
        config: { metrics: { runtime: { names: 'prom' as 'otel' } } },
      }),
    );
    expect(error.message).toContain(
      'startTelemetry({ config }): metrics.runtime.names: expected "otel" or "prom-client", got "prom"',
    );
  });

  it('rejects unknown keys in the section', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins: [fakePlugin()],
        env: {},
        config: { metrics: { runtime: { enable: false } as never } },
      }),
    );
    expect(error.message).toContain(
      'metrics.runtime.enable: unknown key (expected one of: enabled, names)',
    );
  });
});
