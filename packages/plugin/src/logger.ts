/**
 * The SDK's and plug-ins' diagnostic output. The default writes one line per message to stderr
 * with a `[meterline]` prefix, leaving stdout to the service.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that writes `[meterline] <level>: <message>` lines to stderr. */
export function createConsoleLogger(): Logger {
  const write = (level: string, message: string) => {
    process.stderr.write(`[meterline] ${level}: ${message}\n`);
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

/** A logger that drops everything, for tests and silent tools. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** `logger` with `redact` applied to every message: secrets never reach the log. */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    info: (m) => logger.info(redact(m)),
    warn: (m) => logger.warn(redact(m)),
    error: (m) => logger.error(redact(m)),
  };
}
