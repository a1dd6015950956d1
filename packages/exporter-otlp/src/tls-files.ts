import { readFileSync } from 'node:fs';

/** The PEM contents the exporter's TLS options name, read once at start. */
export interface TlsMaterial {
  readonly ca?: Buffer;
  readonly key?: Buffer;
  readonly cert?: Buffer;
}

/** The TLS file options of the OTLP exporter (paths). */
export interface TlsFileOptions {
  readonly certificate?: string;
  readonly clientKey?: string;
  readonly clientCertificate?: string;
}

/**
 * Reads the files the options name, or returns `undefined` when none is set (the transport then
 * uses the system's roots for `https://`).
 * @throws {Error} naming the option, the path and the reason (never the file's content) when a
 *   file cannot be read, or when only one of `clientKey` and `clientCertificate` is set.
 */
export function readTlsFiles(options: TlsFileOptions): TlsMaterial | undefined {
  const { certificate, clientKey, clientCertificate } = options;
  if (certificate === undefined && clientKey === undefined && clientCertificate === undefined) {
    return undefined;
  }
  if ((clientKey === undefined) !== (clientCertificate === undefined)) {
    throw new Error(
      `invalid OTLP exporter options: ${clientKey === undefined ? 'clientKey' : 'clientCertificate'}: ` +
        'mutual TLS needs both clientKey and clientCertificate',
    );
  }
  return {
    ca: read('certificate', certificate),
    key: read('clientKey', clientKey),
    cert: read('clientCertificate', clientCertificate),
  };
}

function read(option: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`invalid OTLP exporter options: ${option}: cannot read ${path} (${code})`);
  }
}
