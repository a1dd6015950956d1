import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMETHEUS_VERSIONS, promtoolOf } from '../support/prometheus.js';
import { realPart, repoRoot } from '../support/real-parts.js';

// The agent tier's shipped configuration, checked by the real binaries: collector-config/
// vmagent.flags by vmagent 1.145 itself (-dryRun parses every flag and checks the config files
// they name), deploy/prometheus/agent/prometheus-agent.yml by promtool in agent mode.
const flagsFile = join(repoRoot, 'collector-config', 'vmagent.flags');
const agentYml = join(repoRoot, 'deploy', 'prometheus', 'agent', 'prometheus-agent.yml');

/** The flags of the file: every line that is neither empty nor a comment. */
function shippedFlags(text = readFileSync(flagsFile, 'utf8')): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function vmagentDryRun(flags: string[]): { status: number | null; output: string } {
  const run = spawnSync(
    realPart('vmagent'),
    [...flags, '-remoteWrite.url=http://127.0.0.1:8428/api/v1/write', '-dryRun'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('collector-config/vmagent.flags', () => {
  it('is accepted by the real vmagent', () => {
    const flags = shippedFlags();
    expect(flags.length).toBe(9);
    for (const flag of flags) expect(flag).toMatch(/^-[a-zA-Z.]+(=\S+)?$/);
    const result = vmagentDryRun(flags);
    expect(result.output).toContain('all the configs are ok; exiting with 0 status code');
    expect(result.status).toBe(0);
  });

  it('binds loopback, keeps a bounded queue on disk and converts OTLP names', () => {
    const flags = shippedFlags();
    expect(flags).toContain('-httpListenAddr=127.0.0.1:8429');
    expect(flags).toContain('-remoteWrite.tmpDataPath=/var/lib/vmagent/queue');
    expect(flags).toContain('-remoteWrite.maxDiskUsagePerURL=2GiB');
    expect(flags).toContain('-opentelemetry.usePrometheusNaming');
    expect(flags).toContain('-opentelemetry.promoteAllResourceAttributes=false');
  });

  it('would fail on a misspelt flag (the check is worth something)', () => {
    const result = vmagentDryRun(
      shippedFlags().map((f) =>
        f.replace('-remoteWrite.maxDiskUsagePerURL', '-remoteWrite.maxDiskUsage'),
      ),
    );
    expect(result.status).toBe(2);
    expect(result.output).toContain('flag provided but not defined: -remoteWrite.maxDiskUsage');
  });
});

describe.each(PROMETHEUS_VERSIONS)(
  'deploy/prometheus/agent with the real promtool %s',
  (version) => {
    it('promtool check config --agent accepts prometheus-agent.yml', () => {
      const run = spawnSync(promtoolOf(version), ['check', 'config', '--agent', agentYml], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(`${run.stdout}${run.stderr}`).toContain(
        `SUCCESS: ${agentYml} is valid prometheus config file syntax`,
      );
      expect(run.status).toBe(0);
    });

    it('a misspelt field fails (the check is worth something)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'meterline-agent-'));
      try {
        const broken = join(dir, 'prometheus-agent.yml');
        writeFileSync(broken, readFileSync(agentYml, 'utf8').replace('max_shards:', 'max_shard:'));
        const run = spawnSync(promtoolOf(version), ['check', 'config', '--agent', broken], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(`${run.stdout}${run.stderr}`).toContain('field max_shard not found');
        expect(run.status).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
