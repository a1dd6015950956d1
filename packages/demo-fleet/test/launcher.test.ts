import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_DEMOS, selectDemos, type DemoSpec } from '../src/demos.js';
import { FleetStartError, startFleet } from '../src/launcher.js';

let dir: string;

/** A fake demo: a small Node script written to the temp dir. */
function fakeDemo(name: string, script: string): DemoSpec {
  const entry = join(dir, `${name}.mjs`);
  writeFileSync(entry, script);
  return { name, entry };
}

const wellBehaved = (name: string, exitCode = 0) =>
  fakeDemo(
    name,
    `
const keepAlive = setInterval(() => {}, 1000);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log('${name} got ' + signal);
    clearInterval(keepAlive);
    process.exitCode = ${exitCode};
  });
}
console.log('${name} metrics: http://127.0.0.1:1${name.length}/metrics');
console.log('${name} api: http://127.0.0.1:2${name.length}');
console.log('${name}: chatter that is not an endpoint');
console.log('${name} ready');
`,
  );

/** The error `promise` rejects with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the fleet not to start');
}

function recorder() {
  const out: string[] = [];
  const log: string[] = [];
  return {
    out,
    log,
    options: { out: (l: string) => out.push(l), log: (l: string) => log.push(l) },
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meterline-fleet-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('selectDemos', () => {
  it('runs the five seed demos by default, in order', () => {
    expect(selectDemos({}).map((d) => d.name)).toEqual([
      'storage-agent',
      'job-server',
      'replicator',
      'dfs',
      'metrics-module',
    ]);
    expect(FLEET_DEMOS[3]!.entry).toMatch(/packages[/\\]demo-dfs[/\\]dist[/\\]main\.js$/);
  });

  it('takes a subset from FLEET_DEMOS and names an unknown demo', () => {
    expect(selectDemos({ FLEET_DEMOS: 'dfs, storage-agent' }).map((d) => d.name)).toEqual([
      'dfs',
      'storage-agent',
    ]);
    expect(() => selectDemos({ FLEET_DEMOS: 'dfs,ftp' })).toThrow(
      'env FLEET_DEMOS: unknown demo "ftp" (the fleet has: storage-agent, job-server, replicator, dfs, metrics-module)',
    );
  });
});

describe('startFleet', () => {
  it('refuses to start when a demo is not built, naming it', async () => {
    const rec = recorder();
    const error = await startFleet({
      demos: [wellBehaved('alpha'), { name: 'replicator', entry: join(dir, 'nope', 'main.js') }],
      ...rec.options,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetStartError);
    expect((error as Error).message).toMatch(
      /^replicator: .*nope[/\\]main\.js is missing \(build it: npx tsc -b\)$/,
    );
    expect(rec.log).toEqual([]); // nothing was started
  });

  it('re-prints every endpoint line once all are ready, and forwards SIGINT', async () => {
    const rec = recorder();
    const fleet = await startFleet({
      demos: [wellBehaved('alpha'), wellBehaved('beta')],
      ...rec.options,
    });
    expect(rec.out).toEqual([
      'alpha metrics: http://127.0.0.1:15/metrics',
      'alpha api: http://127.0.0.1:25',
      'beta metrics: http://127.0.0.1:14/metrics',
      'beta api: http://127.0.0.1:24',
      'fleet ready',
    ]);
    expect(rec.log).toContain('[alpha] alpha: chatter that is not an endpoint');
    expect(await fleet.stop('SIGINT')).toBe(0);
    expect(await fleet.stop('SIGINT')).toBe(0);
    expect(rec.log).toContain('[alpha] alpha got SIGINT');
    expect(rec.log).toContain('[beta] beta got SIGINT');
  });

  it("gives each demo its fleet defaults, under the fleet's own environment", async () => {
    const printing = (name: string) => ({
      ...fakeDemo(
        name,
        `const keepAlive = setInterval(() => {}, 1000);
process.on('SIGINT', () => clearInterval(keepAlive));
console.log('${name} workers ' + process.env.JOB_SERVER_WORKERS + ' ' + process.env.OTHER);
console.log('${name} ready');`,
      ),
      env: { JOB_SERVER_WORKERS: '2', OTHER: 'default' },
    });
    const rec = recorder();
    const fleet = await startFleet({
      demos: [printing('gamma')],
      env: { PATH: process.env.PATH, OTHER: 'fleet' },
      ...rec.options,
    });
    expect(rec.log).toContain('[gamma] gamma workers 2 fleet');
    expect(await fleet.stop('SIGINT')).toBe(0);
    expect(FLEET_DEMOS.find((d) => d.name === 'job-server')!.env).toEqual({
      JOB_SERVER_WORKERS: '2',
      JOB_SERVER_METRICS_PORT: '8082',
    });
  });

  it('exits 1 when a demo exits non-zero on the way down', async () => {
    const rec = recorder();
    const fleet = await startFleet({
      demos: [wellBehaved('gamma'), wellBehaved('delta', 3)],
      ...rec.options,
    });
    expect(await fleet.stop('SIGTERM')).toBe(1);
    expect(rec.log).toContain('fleet: delta exited with 3');
  });

  it('stops the demos started so far when one dies before it is ready', async () => {
    const rec = recorder();
    const broken = fakeDemo(
      'broken',
      "console.error('broken: cannot bind 8080'); process.exit(2);",
    );
    const error = await failure(
      startFleet({ demos: [wellBehaved('eps'), broken], ...rec.options }),
    );
    expect(error).toBeInstanceOf(FleetStartError);
    expect(error.message).toContain('broken exited (2) before it was ready');
    expect(error.message).toContain('broken: cannot bind 8080');
    expect(rec.log).toContain('[eps] eps got SIGTERM');
    expect(rec.out).toEqual([]);
  });

  it('gives up on a demo that never says ready', async () => {
    const rec = recorder();
    const silent = fakeDemo('silent', 'setInterval(() => {}, 1000);');
    const error = await failure(
      startFleet({ demos: [silent], readyTimeoutMs: 300, ...rec.options }),
    );
    expect(error.message).toContain('silent did not print "<service> ready" within 300 ms');
  });

  it('stops the others and reports 1 when a demo exits on its own', async () => {
    const rec = recorder();
    const shortLived = fakeDemo(
      'short',
      "console.log('short ready'); setTimeout(() => process.exit(0), 200);",
    );
    const fleet = await startFleet({ demos: [wellBehaved('zeta'), shortLived], ...rec.options });
    expect(await fleet.unexpectedExit).toBe(1);
    expect(rec.log).toContain('fleet: short exited (0) on its own; stopping the others');
    expect(rec.log).toContain('[zeta] zeta got SIGTERM');
  });
});
