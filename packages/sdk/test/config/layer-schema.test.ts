import { describe, expect, it } from 'vitest';
import { buildLayerSchema, layerSchemaFor } from '../../src/config/schema.js';
import { fakePlugin } from '../helpers.js';

const plugins = [fakePlugin('prometheus'), fakePlugin('otlp')];
const whole = buildLayerSchema(plugins);

/** Layers that pass and layers that fail, each in one way (or none). */
const LAYERS: Record<string, unknown> = {
  'an empty layer': {},
  'the service only': { service: { name: 'svc', version: '1.0.0' } },
  'an empty service name': { service: { name: '' } },
  'one exporter section': { exporters: { prometheus: { port: 9464 } } },
  'an exporter section with a wrong type': { exporters: { prometheus: { port: 'x' } } },
  'an unknown exporter': { exporters: { influx: {} } },
  'an unknown key in an exporter section': { exporters: { otlp: { nope: 1 } } },
  'an unknown top-level key': { service: { name: 'svc' }, servce: {} },
  'views and buckets': {
    metrics: {
      views: [{ instrument: 'http.*', buckets: [1, 2, 3] }],
      unitBuckets: { s: 'seconds' },
    },
  },
  'buckets out of order': { metrics: { views: [{ instrument: 'x', buckets: [2, 1] }] } },
  'a summary with buckets': {
    metrics: { views: [{ instrument: 'x', buckets: [1], aggregation: { type: 'summary' } }] },
  },
  'every section': {
    service: { name: 'svc' },
    resource: { attributes: { region: 'eu' }, detect: false },
    metrics: { engine: 'sdk', runtime: { names: 'prom-client' } },
    exporters: { prometheus: {}, otlp: {} },
  },
  'undefined sections': { service: undefined, exporters: undefined },
  'a section set through the prototype': Object.create({ service: { name: '' } }) as unknown,
  'a string': 'service: x',
  null: null,
  'an array': [],
};

describe('layerSchemaFor', () => {
  for (const [what, layer] of Object.entries(LAYERS)) {
    it(`accepts and rejects as the whole schema does: ${what}`, () => {
      const cut = layerSchemaFor(plugins, layer).safeParse(layer, { jitless: true });
      const full = whole.safeParse(layer, { jitless: true });
      expect(cut.success).toBe(full.success);
      if (cut.success && full.success) expect(cut.data).toEqual(full.data);
    });
  }

  it('leaves out the sections and exporter sections a layer does not set', () => {
    const cut = layerSchemaFor(plugins, { exporters: { otlp: {} } }) as unknown as {
      def: { shape: Record<string, { def: { innerType: { def: { shape: object } } } }> };
    };
    expect(Object.keys(cut.def.shape)).toEqual(['exporters']);
    expect(Object.keys(cut.def.shape.exporters!.def.innerType.def.shape)).toEqual(['otlp']);
  });
});
