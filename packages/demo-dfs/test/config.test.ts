import { describe, expect, it } from 'vitest';
import { resolvePorts } from '../src/ports.js';
import { readSettings } from '../src/settings.js';

describe('DFS ports', () => {
  it('defaults to 9420-9425 for the components and 9429 for the API', () => {
    const ports = resolvePorts({}, 3);
    expect([ports.master, ports.metalogger, ...ports.chunkservers, ports.client]).toEqual([
      { service: 'dfs-master', port: 9420 },
      { service: 'dfs-metalogger', port: 9421 },
      { service: 'dfs-chunkserver-1', port: 9422 },
      { service: 'dfs-chunkserver-2', port: 9423 },
      { service: 'dfs-chunkserver-3', port: 9424 },
      { service: 'dfs-client', port: 9425 },
    ]);
    expect(ports.api).toBe(9429);
  });

  it('moves the block with DFS_BASE_PORT, 0 meaning free ports, and takes single overrides', () => {
    expect(resolvePorts({ DFS_BASE_PORT: '10000' }, 2).client.port).toBe(10004);
    const free = resolvePorts({ DFS_BASE_PORT: '0', DFS_MASTER_PORT: '9999' }, 2);
    expect(free.master.port).toBe(9999);
    expect([free.metalogger.port, free.client.port, free.api]).toEqual([0, 0, 0]);
  });

  it('names the variable of a bad port', () => {
    expect(() => resolvePorts({ DFS_CHUNKSERVER_2_PORT: 'x' }, 3)).toThrow(
      'env DFS_CHUNKSERVER_2_PORT: expected a port number (an integer 0-65535), got "x"',
    );
    expect(() => resolvePorts({ DFS_BASE_PORT: '65530' }, 3)).toThrow('leaves no room');
  });
});

describe('DFS settings', () => {
  it('has defaults and checks ranges against each other', () => {
    expect(readSettings({})).toEqual({
      chunkservers: 3,
      chunkSize: 65536,
      replicationFactor: 2,
      cacheEntries: 1024,
      capacityBytes: 1 << 30,
    });
    expect(() => readSettings({ DFS_CHUNKSERVERS: '2', DFS_REPLICATION: '3' })).toThrow(
      'env DFS_REPLICATION: expected an integer from 1 to 2, got "3"',
    );
  });
});
