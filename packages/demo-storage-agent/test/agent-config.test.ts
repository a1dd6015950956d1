import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig } from '../src/agent-config.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meterline-agent-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgentConfigError) return error.message;
    throw error;
  }
  throw new Error('expected an AgentConfigError');
}

describe('loadAgentConfig', () => {
  it('stores locally in a temporary directory without a file or variables', () => {
    expect(loadAgentConfig({})).toEqual({ metrics: {}, storage: { backend: 'local' } });
  });

  it('maps the seed metrics section and the Redis backend from the file', () => {
    const path = file(
      'full.yaml',
      'metrics:\n  enabled: false\n  port: 9091\n  path: /agent\nstorage:\n  backend: redis\n  redis:\n    url: redis://127.0.0.1:6400/2\n',
    );
    expect(loadAgentConfig({ AGENT_CONFIG: path })).toEqual({
      metrics: { enabled: false, port: 9091, path: '/agent' },
      storage: { backend: 'redis', url: 'redis://127.0.0.1:6400/2', keyPrefix: 'storage-agent:' },
    });
  });

  it('lets AGENT_REDIS_URL choose Redis over the file, and AGENT_DATA_DIR the local directory', () => {
    const path = file('local.yaml', 'storage:\n  backend: local\n  path: /from/file\n');
    expect(loadAgentConfig({ AGENT_CONFIG: path, AGENT_REDIS_URL: 'redis://h:1' }).storage).toEqual(
      {
        backend: 'redis',
        url: 'redis://h:1',
        keyPrefix: 'storage-agent:',
      },
    );
    expect(loadAgentConfig({ AGENT_CONFIG: path }).storage).toEqual({
      backend: 'local',
      path: '/from/file',
    });
    expect(loadAgentConfig({ AGENT_CONFIG: path, AGENT_DATA_DIR: '/env' }).storage).toEqual({
      backend: 'local',
      path: '/env',
    });
  });

  it('names the file, line, key and expectation of every problem', () => {
    const path = file(
      'bad.yaml',
      'metrics:\n  enabled: sometimes\n  port: 70000\n  colour: red\nstorage:\n  redis:\n    url: http://x\n',
    );
    const message = problemsOf(() => loadAgentConfig({ AGENT_CONFIG: path }));
    expect(message.split('\n')).toEqual([
      'invalid storage-agent configuration:',
      `  ${path}:2:12: metrics.enabled: expected boolean, got "sometimes"`,
      `  ${path}:3:9: metrics.port: expected a port number (an integer 0-65535), got 70000`,
      `  ${path}:4:3: metrics.colour: unknown key`,
      `  ${path}:7:10: storage.redis.url: expected a redis:// or rediss:// URL, got "http://x"`,
    ]);
  });

  it('refuses a Redis backend without a URL, a bad AGENT_REDIS_URL and a missing file', () => {
    const path = file('nourl.yaml', 'storage:\n  backend: redis\n');
    expect(problemsOf(() => loadAgentConfig({ AGENT_CONFIG: path }))).toContain(
      `${path}: storage.redis.url: the redis backend needs a URL (storage.redis.url or AGENT_REDIS_URL)`,
    );
    expect(problemsOf(() => loadAgentConfig({ AGENT_REDIS_URL: 'localhost:6379' }))).toContain(
      'env AGENT_REDIS_URL: storage.redis.url: expected a redis:// or rediss:// URL, got "localhost:6379"',
    );
    expect(problemsOf(() => loadAgentConfig({ AGENT_CONFIG: join(dir, 'absent.yaml') }))).toContain(
      `AGENT_CONFIG ${join(dir, 'absent.yaml')}: file not found`,
    );
  });
});
