import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_VERSIONS, promtoolOf, type PrometheusVersion } from '../support/prometheus.js';
import { repoRoot } from '../support/real-parts.js';

// deploy/prometheus checked with the real promtool of both Prometheus versions, 2.53 and 3.5
// (scripts/provision.sh promtool promtool3).
const dir = join(repoRoot, 'deploy', 'prometheus');
const ruleFiles = readdirSync(join(dir, 'rules'))
  .filter((f) => f.endsWith('.rules.yml'))
  .sort()
  .map((f) => join(dir, 'rules', f));
const testFiles = readdirSync(join(dir, 'tests'))
  .filter((f) => f.endsWith('.test.yml'))
  .sort()
  .map((f) => join(dir, 'tests', f));

function run(
  version: PrometheusVersion,
  args: string[],
  cwd = dir,
): { status: number | null; output: string } {
  const run = spawnSync(promtoolOf(version), args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rulesOf = (file: string): Rule[] =>
  (parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
    (g) => g.rules,
  );
const alerts = ruleFiles.flatMap(rulesOf).filter((r) => r.alert !== undefined);

interface AlertTest {
  alertname: string;
  exp_alerts?: unknown[] | null;
}
/** Alert names with a test case expecting them firing, and with one expecting them silent. */
function coverage(): { firing: Set<string>; silent: Set<string> } {
  const firing = new Set<string>();
  const silent = new Set<string>();
  for (const file of testFiles) {
    const doc = parse(readFileSync(file, 'utf8')) as {
      tests: { alert_rule_test?: AlertTest[] }[];
    };
    for (const test of doc.tests) {
      for (const t of test.alert_rule_test ?? []) {
        (t.exp_alerts && t.exp_alerts.length > 0 ? firing : silent).add(t.alertname);
      }
    }
  }
  return { firing, silent };
}

describe.each(PROMETHEUS_VERSIONS)('deploy/prometheus with the real promtool %s', (version) => {
  const promtool = (args: string[], cwd = dir) => run(version, args, cwd);

  it('has rule files for every seed system, Meterline itself and the vmagent tier', () => {
    expect(ruleFiles.map((f) => f.split('/').pop())).toEqual([
      'agent.rules.yml',
      'dfs.rules.yml',
      'job-server.rules.yml',
      'meterline.rules.yml',
      'replicator.rules.yml',
      'storage-agent.rules.yml',
    ]);
  });

  it('promtool check config accepts prometheus.yml and the rule files it loads', () => {
    const result = promtool(['check', 'config', 'prometheus.yml']);
    expect(result.output).toContain(
      'SUCCESS: prometheus.yml is valid prometheus config file syntax',
    );
    for (const file of ruleFiles) {
      expect(result.output).toContain(`SUCCESS: `);
      expect(result.output).toContain(file.split('/').pop());
    }
    expect(result.status).toBe(0);
  });

  it('promtool check rules accepts every rule file', () => {
    const result = promtool(['check', 'rules', ...ruleFiles]);
    expect(result.status, result.output).toBe(0);
    for (const file of ruleFiles) {
      expect(result.output).toMatch(new RegExp(`Checking ${file}\\n  SUCCESS: \\d+ rules found`));
    }
  });

  it('promtool test rules passes every unit test', () => {
    const result = promtool(['test', 'rules', ...testFiles]);
    expect(result.status, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('has a test case for every alert firing, and one for it not firing', () => {
    const { firing, silent } = coverage();
    const names = alerts.map((a) => a.alert!);
    expect(names.length).toBe(21);
    expect(names.filter((n) => !firing.has(n))).toEqual([]);
    expect(names.filter((n) => !silent.has(n))).toEqual([]);
    // And no test names an alert that does not exist (a renamed alert leaves a silent no-op).
    expect([...firing, ...silent].filter((n) => !names.includes(n))).toEqual([]);
  });

  it('gives every alert a severity, a summary, a description and a runbook entry that exists', () => {
    const operations = readFileSync(join(repoRoot, 'docs', 'operations.md'), 'utf8');
    const anchors = new Set(
      [...operations.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const alert of alerts) {
      expect(alert.labels?.severity, alert.alert).toMatch(/^(critical|warning|info)$/);
      expect(alert.annotations?.summary, alert.alert).toBeTruthy();
      expect(alert.annotations?.description, alert.alert).toBeTruthy();
      expect(alert.annotations?.runbook_url, alert.alert).toBe(
        `docs/operations.md#${alert.alert!.toLowerCase()}`,
      );
      expect(
        anchors.has(alert.alert!.toLowerCase()),
        `docs/operations.md: ### ${alert.alert}`,
      ).toBe(true);
    }
  });
});

// The checks are only worth something if promtool fails where it should.
describe.each(PROMETHEUS_VERSIONS)('promtool %s refuses', (version) => {
  const promtool = (args: string[], cwd = dir) => run(version, args, cwd);
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'meterline-rules-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a rule file with a PromQL syntax error', () => {
    const broken = join(tmp, 'broken.rules.yml');
    writeFileSync(
      broken,
      readFileSync(join(dir, 'rules', 'job-server.rules.yml'), 'utf8').replace(
        'rate(hodei_jobs_scheduled_total[5m])',
        'rate(hodei_jobs_scheduled_total[5m]',
      ),
    );
    const result = promtool(['check', 'rules', broken], tmp);
    expect(result.status).toBe(1);
    expect(result.output).toContain('parse error');
  });

  it('a unit test whose alert does not fire as expected', () => {
    const rules = join(tmp, 'job-server.rules.yml');
    writeFileSync(rules, readFileSync(join(dir, 'rules', 'job-server.rules.yml'), 'utf8'));
    const test = join(tmp, 'wrong.test.yml');
    writeFileSync(
      test,
      [
        'rule_files: [job-server.rules.yml]',
        'tests:',
        '  - interval: 15s',
        '    input_series:',
        `      - series: 'hodei_workers_healthy{job="job-server",instance="js:8081"}'`,
        "        values: '3x10'",
        '    alert_rule_test:',
        '      - eval_time: 1m',
        '        alertname: JobServerNoHealthyWorkers',
        '        exp_alerts:',
        '          - exp_labels: { severity: critical, job: job-server, instance: "js:8081" }',
        '',
      ].join('\n'),
    );
    const result = promtool(['test', 'rules', test], tmp);
    expect(result.status).toBe(1);
    expect(result.output).toContain('FAILED');
    expect(result.output).toContain('alertname: JobServerNoHealthyWorkers');
  });

  it('a scrape config with a misspelt field', () => {
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(
      config,
      readFileSync(join(dir, 'prometheus.yml'), 'utf8')
        .replace(/^rule_files:[\s\S]*?\n(?=\S)/m, '')
        .replace('sample_limit:', 'sample_limt:'),
    );
    const result = promtool(['check', 'config', config], tmp);
    expect(result.status).toBe(1);
    expect(result.output).toContain('field sample_limt not found');
  });
});
