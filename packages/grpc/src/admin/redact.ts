/** Keys whose values are secrets wherever they appear in a configuration. */
const SECRET_KEY =
  /pass(word|wd)?|secret|token|authorization|credential|api[-_]?key|headers|basicauthusers|private[-_]?key/i;

/**
 * A JSON copy of `config` with every secret replaced by `<redacted>`: values under secret-looking
 * keys (passwords, tokens, headers, bcrypt hashes) and the credentials of URLs. A second line of
 * defence: the SDK hands over a configuration it already redacted.
 */
export function redactConfig(config: unknown): string {
  return JSON.stringify(
    config,
    (key, value: unknown) => {
      if (key !== '' && SECRET_KEY.test(key) && value !== undefined && value !== null) {
        return '<redacted>';
      }
      if (typeof value === 'string') return value.replace(/\/\/[^/@\s]+@/g, '//<redacted>@');
      return value;
    },
    2,
  );
}
