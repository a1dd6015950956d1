import type { AnyValue } from '@opentelemetry/api';
import * as real from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import * as ours from '../src/resource.js';

// The oracle is @opentelemetry/resources itself: every resource below is built both ways (the
// library's functions and the engine's), and the two must agree on `attributes` (keys, values and
// their order), `schemaUrl` and the pending state of async attributes.

type Attrs = Record<string, AnyValue | undefined | Promise<AnyValue | undefined>>;
type Lib = Pick<typeof real, 'resourceFromAttributes' | 'emptyResource' | 'defaultResource'>;

function same(build: (lib: Lib) => real.Resource) {
  const expected = build(real);
  const actual = build(ours as Lib);
  expect(Object.entries(actual.attributes)).toEqual(Object.entries(expected.attributes));
  expect(actual.schemaUrl).toBe(expected.schemaUrl);
  expect(actual.asyncAttributesPending).toBe(expected.asyncAttributesPending);
  return { actual, expected };
}

const attributeSets: Attrs[] = [
  {},
  { 'service.name': 'a', 'host.name': 'h' },
  { 'service.name': 'b', region: 'eu', count: 3, flag: false },
  { list: ['x', 'y'], numbers: [1, 2, null, 3], mixed: ['x', 1], empty: [] },
  { '': 'empty key', nested: { a: 1 } as unknown as AnyValue, none: undefined, nil: null },
  { 'service.name': 'c', 'service.instance.id': 'i-1', bytes: new Uint8Array([1]) },
];
const schemaUrls = [undefined, '', 'https://opentelemetry.io/schemas/1.0.0', 'https://x/2'];

describe('resourceFromAttributes, emptyResource, defaultResource', () => {
  it('build the same resources as @opentelemetry/resources', () => {
    same((lib) => lib.emptyResource());
    same((lib) => lib.defaultResource());
    for (const attributes of attributeSets) {
      for (const schemaUrl of schemaUrls) {
        same((lib) => lib.resourceFromAttributes(attributes, { schemaUrl }));
      }
      same((lib) => lib.resourceFromAttributes(attributes));
    }
  });

  it('ignore a schema URL that is not a string, as the library does', () => {
    const schemaUrl = 42 as unknown as string;
    same((lib) => lib.resourceFromAttributes({ a: 1 }, { schemaUrl }));
  });
});

describe('merge', () => {
  it('gives the same attributes and schema URL for every pair of resources', () => {
    for (const left of attributeSets) {
      for (const right of attributeSets) {
        for (const leftUrl of schemaUrls) {
          for (const rightUrl of schemaUrls) {
            same((lib) =>
              lib
                .resourceFromAttributes(left, { schemaUrl: leftUrl })
                .merge(lib.resourceFromAttributes(right, { schemaUrl: rightUrl })),
            );
          }
        }
      }
    }
  });

  it('lets the other resource win, over chains as Meterline builds them', () => {
    const { actual } = same((lib) =>
      lib
        .defaultResource()
        .merge(lib.resourceFromAttributes({ 'service.name': 'env', team: 'a b' }))
        .merge(null)
        .merge(
          lib.resourceFromAttributes({ 'service.name': 'config', 'service.instance.id': 'i' }),
        ),
    );
    expect(actual.attributes['service.name']).toBe('config');
    expect(actual.attributes['team']).toBe('a b');
  });

  it('merges with the library resource in either direction', () => {
    const theirs = real.resourceFromAttributes({ a: 1, b: 2 }, { schemaUrl: 'https://s/1' });
    const mine = ours.resourceFromAttributes({ b: 3, c: 4 }, { schemaUrl: 'https://s/1' });
    expect(mine.merge(theirs).attributes).toEqual(
      real.resourceFromAttributes({ b: 3, c: 4 }, { schemaUrl: 'https://s/1' }).merge(theirs)
        .attributes,
    );
    expect(theirs.merge(mine).attributes).toEqual({ a: 1, b: 3, c: 4 });
    expect(mine.merge(theirs).schemaUrl).toBe('https://s/1');
  });
});

describe('async attributes', () => {
  it('are pending until waitForAsyncAttributes, then settle as the library settles them', async () => {
    const build = (lib: Lib) =>
      lib
        .resourceFromAttributes({
          'host.name': 'h',
          'host.id': Promise.resolve('machine'),
          missing: Promise.resolve(undefined),
          failed: Promise.reject(new Error('no id')),
        })
        .merge(lib.resourceFromAttributes({ 'process.pid': 7, 'host.name': 'p' }));
    const expected = build(real);
    const actual = build(ours as Lib);
    expect(actual.asyncAttributesPending).toBe(true);
    expect(expected.asyncAttributesPending).toBe(true);
    await Promise.all([expected.waitForAsyncAttributes?.(), actual.waitForAsyncAttributes?.()]);
    expect(actual.asyncAttributesPending).toBe(false);
    expect(Object.entries(actual.attributes)).toEqual(Object.entries(expected.attributes));
    expect(actual.attributes).toEqual({ 'process.pid': 7, 'host.name': 'p', 'host.id': 'machine' });
  });
});
