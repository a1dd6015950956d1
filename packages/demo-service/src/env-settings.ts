/** The error type a demo throws for a variable it cannot use; its message names the variable. */
export type SettingsErrorType = new (message: string) => Error;

/** Readers of one demo's environment variables; see {@link envSettings}. */
export interface EnvSettings {
  /** The variable's value, trimmed; `undefined` when unset or blank (blank counts as unset). */
  get(name: string): string | undefined;
  /**
   * A whole number from `min` to `max`, `fallback` when unset.
   * @throws the demo's error: `NAME: expected an integer <min>-<max>, got "<value>"`.
   */
  integer(name: string, fallback: number, min: number, max: number): number;
  /**
   * One of `allowed`, the first when unset.
   * @throws the demo's error: `NAME: expected "a" or "b", got "<value>"`.
   */
  oneOf<T extends string>(name: string, allowed: readonly [T, ...T[]]): T;
}

/** Reads a demo's settings from `env`, failing with `SettingsError` naming the variable. */
export function envSettings(
  env: Readonly<Record<string, string | undefined>>,
  SettingsError: SettingsErrorType,
): EnvSettings {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  return {
    get,
    integer(name, fallback, min, max) {
      const raw = get(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        throw new SettingsError(`${name}: expected an integer ${min}-${max}, got "${raw}"`);
      }
      return value;
    },
    oneOf<T extends string>(name: string, allowed: readonly [T, ...T[]]): T {
      const raw = get(name);
      if (raw === undefined) return allowed[0];
      if (!(allowed as readonly string[]).includes(raw)) {
        const expected = allowed.map((a) => `"${a}"`).join(' or ');
        throw new SettingsError(`${name}: expected ${expected}, got "${raw}"`);
      }
      return raw as T;
    },
  };
}
