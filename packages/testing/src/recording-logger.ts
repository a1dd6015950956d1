import type { Logger } from '@meterline/plugin';

/** A {@link Logger} that keeps every line, tagged with its level (`warn: …`), to assert on. */
export interface RecordingLogger extends Logger {
  /** Every line so far, oldest first, as `info: …`, `warn: …` or `error: …`. */
  readonly lines: string[];
}

/** A logger for tests: what operators would see in the log, kept in `lines`. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
}
