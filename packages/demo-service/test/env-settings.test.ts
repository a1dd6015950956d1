import { describe, expect, it } from 'vitest';
import { envSettings } from '../src/env-settings.js';

class DemoConfigError extends Error {}

describe('envSettings', () => {
  it('reads trimmed values and treats blank ones as unset', () => {
    const { get, integer, oneOf } = envSettings(
      { HOST: ' 127.0.0.2 ', PORT: ' ', WORKERS: '4', MODE: 'off' },
      DemoConfigError,
    );
    expect(get('HOST')).toBe('127.0.0.2');
    expect(get('PORT')).toBeUndefined();
    expect(integer('PORT', 8081, 0, 65_535)).toBe(8081);
    expect(integer('WORKERS', 1, 1, 64)).toBe(4);
    expect(oneOf('MODE', ['on', 'off'])).toBe('off');
    expect(oneOf('ABSENT', ['seed', 'prometheus'])).toBe('seed');
  });

  it('fails with the demo’s error type, naming the variable, the range and the value', () => {
    const { integer, oneOf } = envSettings(
      { PORT: '70000', WORKERS: '0', RATE: '1.5', MODE: 'maybe' },
      DemoConfigError,
    );
    expect(() => integer('PORT', 0, 0, 65_535)).toThrow(DemoConfigError);
    expect(() => integer('PORT', 0, 0, 65_535)).toThrow(
      'PORT: expected an integer 0-65535, got "70000"',
    );
    expect(() => integer('WORKERS', 1, 1, 64)).toThrow(
      'WORKERS: expected an integer 1-64, got "0"',
    );
    expect(() => integer('RATE', 1, 0, 10)).toThrow('RATE: expected an integer 0-10, got "1.5"');
    expect(() => oneOf('MODE', ['on', 'off'])).toThrow('MODE: expected "on" or "off", got "maybe"');
  });
});
