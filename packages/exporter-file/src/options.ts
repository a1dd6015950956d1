import { bytesSchema, countSchema, z, type EnvBinding } from '@meterline/plugin';

/** Options of the `file` plug-in: the section `exporters.file`, after defaults. */
export const fileOptionsSchema = z.strictObject({
  /**
   * The file written to, relative to the working directory (`METERLINE_EXPORTER_FILE_PATH`).
   * Rotated files get `.1`, `.2`, … appended, `.1` the most recent.
   * @default 'metrics.jsonl'
   */
  path: z.string().min(1, { error: 'expected a file path' }).default('metrics.jsonl'),
  /**
   * Size a file may reach before it is rotated; a line is never split, so a file exceeds it only
   * when one export alone is larger (that line then gets a file of its own).
   * @default 10485760 (10 MiB)
   */
  maxBytes: bytesSchema({ min: 1024, max: Number.MAX_SAFE_INTEGER }).default(10 * 1024 * 1024),
  /** Rotated files kept besides the current one; older ones are deleted. @default 3 */
  maxFiles: countSchema('files', { min: 0, max: 1000 }).default(3),
  /** `delta` writes only what changed since the previous export. @default 'cumulative' */
  temporality: z
    .enum(['cumulative', 'delta'], { error: 'expected cumulative or delta' })
    .default('cumulative'),
});

/** Options of the file exporter, after defaults. */
export type FileOptions = z.output<typeof fileOptionsSchema>;
/** Options of the file exporter as written in config or code. */
export type FileOptionsInput = z.input<typeof fileOptionsSchema>;

/** Variables of the file plug-in (Meterline's own: the OTel spec has no file exporter). */
export const FILE_ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'METERLINE_EXPORTER_FILE_PATH', path: ['path'] },
];
