import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/real-parts.js';
import {
  dashboardExpressions,
  dashboardFiles,
  loadDashboard,
  panelsOf,
  ruleExpressions,
  shapeOf,
  substitute,
  variablesIn,
} from './promql-sources.js';

// Static checks of deploy/grafana; test/e2e/promql-expressions.test.ts runs every expression
// against a real Prometheus scraping the demo fleet.
const grafana = join(repoRoot, 'deploy', 'grafana');

describe('deploy/grafana dashboards', () => {
  const files = dashboardFiles();

  it('has one dashboard per seed system and one for Meterline itself', () => {
    expect(files.map((f) => f.split('/').pop())).toEqual([
      'dfs.json',
      'job-server.json',
      'meterline.json',
      'metrics-module.json',
      'replicator.json',
      'storage-agent.json',
    ]);
    const uids = files.map((f) => loadDashboard(f).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each(files.map((f) => [f.split('/').pop()!, f]))(
    '%s queries only through its datasource variable and only defined variables',
    (_name, file) => {
      const dashboard = loadDashboard(file);
      const defined = new Set(dashboard.templating.list.map((v) => v.name));
      expect(defined.has('datasource')).toBe(true);
      const panels = panelsOf(dashboard).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(3);
      for (const panel of panels) {
        const p = panel as typeof panel & { datasource?: { uid?: string } };
        expect(p.datasource?.uid, panel.title).toBe('${datasource}');
        expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) {
          expect(variablesIn(target.expr ?? '').filter((v) => !defined.has(v))).toEqual([]);
        }
      }
    },
  );

  it('holds every panel the job-server seed asks for', () => {
    const titles = panelsOf(loadDashboard(join(grafana, 'dashboards', 'job-server.json'))).map(
      (p) => p.title,
    );
    for (const wanted of [
      'Job rates',
      'Job success',
      'Queue size',
      'Queue growth',
      'Workers',
      'Healthy workers',
      'Worker registrations',
      'Scheduling latency',
      'HTTP request duration',
      'Queue wait time',
      'CPU per worker',
      'Memory per worker',
      'Event bus throughput',
    ]) {
      expect(titles).toContain(wanted);
    }
    const latency = panelsOf(loadDashboard(join(grafana, 'dashboards', 'job-server.json'))).find(
      (p) => p.title === 'Scheduling latency',
    )!;
    expect(latency.targets!.map((t) => t.expr!.slice(0, 24))).toEqual([
      'histogram_quantile(0.5, ',
      'histogram_quantile(0.95,',
      'histogram_quantile(0.99,',
    ]);
  });
});

describe('every shipped PromQL expression', () => {
  const all = [...ruleExpressions(), ...dashboardExpressions()];

  it('is found: rules, panels and variables', () => {
    expect(all.filter((e) => e.kind === 'alert').length).toBe(21);
    expect(all.filter((e) => e.kind === 'record').length).toBeGreaterThan(0);
    expect(all.filter((e) => e.kind === 'panel').length).toBeGreaterThan(50);
    expect(all.filter((e) => e.kind === 'variable').length).toBe(12);
  });

  it('parses with the PromQL grammar once variables are substituted', () => {
    const broken = all.filter((e) => shapeOf(e.expr).errors.length > 0).map((e) => e.source);
    expect(broken).toEqual([]);
  });

  // The job-server seed's alert, histogram_quantile(0.95, hodei_scheduling_latency_seconds),
  // never fires: a quantile needs the rate of the _bucket series. No shipped expression repeats it.
  it('takes every quantile from the rate of _bucket series', () => {
    const wrong = all.flatMap((e) =>
      shapeOf(e.expr)
        .quantileInputs.filter((input) => !/\brate\([^()]*_bucket\b/.test(input))
        .map((input) => `${e.source}: ${input}`),
    );
    expect(wrong).toEqual([]);
    expect(
      shapeOf('histogram_quantile(0.95, hodei_scheduling_latency_seconds) > 0.1'),
    ).toMatchObject({
      quantileInputs: ['hodei_scheduling_latency_seconds'],
    });
  });

  it('substitution and the grammar catch what they should', () => {
    expect(
      substitute('rate(x{job=~"$job"}[$__rate_interval])', { job: '.+', __rate_interval: '1m' }),
    ).toBe('rate(x{job=~".+"}[1m])');
    expect(variablesIn('x{a=~"${instance}",b=~"[[job]]"}[$__rate_interval]')).toEqual([
      'instance',
      'job',
    ]);
    expect(shapeOf('sum(rate(x[5m])').errors.length).toBeGreaterThan(0);
    expect(shapeOf('rate(x{job=~"$job"}[5m])').errors).toEqual([]); // a string: fine
    expect(shapeOf('rate(x[$__rate_interval])').errors.length).toBeGreaterThan(0);
    expect(shapeOf('max by (job) (up{job="a"}) == 0')).toMatchObject({
      selectors: ['up{job="a"}'],
      signal: 'max by (job) (up{job="a"})',
    });
    expect(shapeOf('a / b > 0.05 and c > 1').signal).toBeUndefined();
  });
});

describe('Grafana provisioning', () => {
  it('provisions the Prometheus data source and the dashboards folder', () => {
    const datasources = parse(
      readFileSync(join(grafana, 'provisioning', 'datasources', 'prometheus.yaml'), 'utf8'),
    ) as { apiVersion: number; datasources: Record<string, unknown>[] };
    expect(datasources.apiVersion).toBe(1);
    expect(datasources.datasources).toEqual([
      expect.objectContaining({
        type: 'prometheus',
        access: 'proxy',
        url: 'http://prometheus:9090',
      }),
    ]);
    const providers = parse(
      readFileSync(join(grafana, 'provisioning', 'dashboards', 'meterline.yaml'), 'utf8'),
    ) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers[0]).toMatchObject({
      type: 'file',
      options: { path: '/var/lib/grafana/dashboards/meterline' },
    });
    // compose.yaml mounts deploy/grafana/dashboards at that path.
    expect(readFileSync(join(repoRoot, 'deploy', 'compose.yaml'), 'utf8')).toContain(
      './grafana/dashboards:/var/lib/grafana/dashboards/meterline:ro',
    );
    expect(existsSync(join(grafana, 'dashboards'))).toBe(true);
  });
});
