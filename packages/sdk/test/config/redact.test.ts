import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import {
  collectSecrets,
  createRedactor,
  isSecretPath,
  redactUrlCredentials,
} from '@meterline/plugin';
import { startTelemetry } from '../../src/start-telemetry.js';
import type { AnyExporterPlugin, ExporterContext } from '@meterline/plugin';
import { z } from 'zod';
import { configErrorOf, fakePlugin, recordingLogger } from '../helpers.js';

describe('redaction', () => {
  it('knows which keys hold secrets, at any depth', () => {
    expect(isSecretPath(['exporters', 'otlp', 'headers', 'x-anything'])).toBe(true);
    expect(isSecretPath(['exporters', 'influx', 'password'])).toBe(true);
    expect(isSecretPath(['exporters', 'influx', 'token'])).toBe(true);
    expect(isSecretPath(['basic_auth_users', 'alice'])).toBe(true);
    expect(isSecretPath(['exporters', 'prometheus', 'port'])).toBe(false);
    expect(isSecretPath(['service', 'name'])).toBe(false);
  });

  it('masks URL credentials anywhere in a text', () => {
    expect(redactUrlCredentials('to https://u:p4ss@h:1/x and http://h2/y')).toBe(
      'to https://***@h:1/x and http://h2/y',
    );
  });

  it('masks every secret of a config, the password of a URL, and bearer tokens', () => {
    const redact = createRedactor(
      collectSecrets({
        exporters: {
          otlp: {
            headers: { authorization: 'Bearer abc.def.ghi' },
            endpoint: 'http://svc:pa55word@h',
          },
          influx: { password: 'influx-pw', username: 'svc' },
        },
      }),
    );
    expect(redact('sent Bearer abc.def.ghi; pw influx-pw; login pa55word; user svc')).toBe(
      'sent ***; pw ***; login ***; user svc',
    );
    expect(redact('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe('Authorization: Basic ***');
  });

  it('a config error never quotes a value under a secret key', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins: [fakePlugin('prometheus')],
        config: {
          exporters: { prometheus: { port: 1, headers: { token: 'zz-secret-zz' } } },
        } as never,
      }),
    );
    expect(error.message).toContain('exporters.prometheus.headers');
    expect(error.message).not.toContain('zz-secret-zz');
  });

  it("masks secrets of the configuration in every plug-in's log line and start-up error", async () => {
    const secret = 'Bearer qq-7781-secret';
    const leaky = (fail: boolean): AnyExporterPlugin => {
      const inner = fakePlugin('prometheus');
      return {
        name: 'prometheus',
        optionsSchema: z.strictObject({
          port: z.number(),
          headers: z.record(z.string(), z.string()),
        }),
        env: [],
        create(options: { headers: Record<string, string> }, context: ExporterContext) {
          context.logger.warn(`connecting with ${JSON.stringify(options)}`);
          if (fail) return Promise.reject(new Error(`refused: ${options.headers.authorization}`));
          return inner.create({ host: 'h', port: 1 }, context);
        },
      } as unknown as AnyExporterPlugin;
    };
    for (const fail of [false, true]) {
      const logger = recordingLogger();
      const start = startTelemetry({
        plugins: [leaky(fail)],
        registerGlobal: false,
        logger,
        config: {
          resource: { detect: false },
          exporters: { prometheus: { port: 1, headers: { authorization: secret } } },
        } as never,
      });
      if (fail) {
        await expect(start).rejects.toThrow('refused: ***');
      } else {
        await (await start).shutdown();
      }
      expect(logger.lines.join('\n')).toContain('"authorization":"***"');
      expect(logger.lines.join('\n')).not.toContain('qq-7781-secret');
    }
  });
});
