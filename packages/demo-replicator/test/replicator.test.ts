import { afterEach, describe, expect, it } from 'vitest';
import { Replicator, planSync } from '../src/replicator.js';
import type { Resource } from '../src/resources.js';
import { recordingCollector, twoRegistries } from './registries.js';

let cleanup: (() => Promise<unknown>) | undefined;
afterEach(async () => cleanup?.());

const resource = (name: string, spec: object): Resource => ({
  name,
  spec: spec as Record<string, unknown>,
  version: 1,
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('planSync', () => {
  it('deletes, then updates, then creates, ignoring key order in specs', () => {
    const source = [resource('a', { x: 1, y: 2 }), resource('b', { x: 1 }), resource('c', {})];
    const target = [resource('a', { y: 2, x: 1 }), resource('b', { x: 2 }), resource('z', {})];
    expect(planSync(source, target).map((s) => `${s.operation} ${s.name}`)).toEqual([
      'delete z',
      'update b',
      'create c',
    ]);
  });
});

describe('Replicator', () => {
  it('syncs each type through the collector: start, one call per resource, complete', async () => {
    const r = await twoRegistries();
    cleanup = r.close;
    r.source.store.put('project', 'p1', { owner: 'a' });
    r.target.store.put('robot', 'gone', {});
    const collector = recordingCollector();
    const replicator = new Replicator({
      sourceName: 'primary',
      source: r.sourceClient,
      target: r.targetClient,
      collector,
    });
    const report = await replicator.syncOnce();
    expect(report.results.map((x) => x.status)).toEqual(['success', 'success', 'success']);
    expect(collector.log).toEqual([
      'start primary/project',
      'synced primary/project create',
      'complete primary/project success',
      'start primary/repository',
      'complete primary/repository success',
      'start primary/robot',
      'synced primary/robot delete',
      'complete primary/robot success',
    ]);
    expect(r.calls.filter((c) => !c.includes(' list '))).toEqual([
      'replica create 201',
      'replica delete 204',
      'replica quota 200',
    ]);
    expect(replicator.quota).toMatchObject({ used: 1, limit: 100 });
    expect(r.target.store.list('project').map((p) => p.spec)).toEqual([{ owner: 'a' }]);
  });

  it('ends partial on a refused create and keeps it queued until a later cycle applies it', async () => {
    const r = await twoRegistries(1);
    cleanup = r.close;
    r.source.store.put('robot', 'b1', {});
    r.source.store.put('robot', 'b2', {});
    const collector = recordingCollector();
    const replicator = new Replicator({
      sourceName: 'primary',
      source: r.sourceClient,
      target: r.targetClient,
      collector,
      resourceTypes: ['robot'],
    });
    const first = await replicator.syncOnce();
    expect(first.results[0]).toMatchObject({ status: 'partial', created: 1, outstanding: 1 });
    expect(first.results[0]!.errors).toEqual([
      {
        errorType: 'quota_exceeded',
        resource: 'b2',
        message: expect.stringContaining(
          'replica PUT /api/v2.0/resources/robot/b2: 403 quota exceeded',
        ) as string,
      },
    ]);
    expect(replicator.queueSize).toBe(1);
    expect(replicator.typeStates()[0]).toMatchObject({ drift: 1, lastStatus: 'partial' });
    r.target.store.quota = 2;
    expect((await replicator.syncOnce()).results[0]).toMatchObject({
      status: 'success',
      created: 1,
    });
    expect(replicator.queueSize).toBe(0);
    expect(collector.log.filter((l) => l.startsWith('error'))).toEqual([
      'error primary/robot quota_exceeded',
    ]);
  });

  it('fails a type whose target cannot be listed, keeping the last drift and quota', async () => {
    const r = await twoRegistries();
    cleanup = r.close;
    const collector = recordingCollector();
    const replicator = new Replicator({
      sourceName: 'primary',
      source: r.sourceClient,
      target: r.targetClient,
      collector,
      resourceTypes: ['project'],
    });
    await replicator.syncOnce();
    r.target.store.down = true;
    const report = await replicator.syncOnce();
    expect(report.results[0]).toMatchObject({ status: 'failure', outstanding: 0 });
    expect(report.results[0]!.errors.map((e) => e.errorType)).toEqual(['unavailable']);
    expect(replicator.typeStates()[0]).toMatchObject({ drift: 0, lastStatus: 'failure' });
    expect(replicator.quota).toMatchObject({ used: 0 });
    expect(r.calls.slice(-3)).toEqual([
      'primary list 200',
      'replica list 503',
      'replica quota 503',
    ]);
  });

  it('runs one cycle at a time: concurrent callers share it', async () => {
    const r = await twoRegistries();
    cleanup = r.close;
    const replicator = new Replicator({
      sourceName: 'primary',
      source: r.sourceClient,
      target: r.targetClient,
      collector: recordingCollector(),
    });
    const [a, b] = await Promise.all([replicator.syncOnce(), replicator.syncOnce()]);
    expect(a).toBe(b);
    expect((await replicator.syncOnce()).id).toBe(2);
  });
});
