/**
 * A random (version 4) UUID, for the default `service.instance.id`: 16 bytes of the kernel's
 * CSPRNG (`/dev/urandom`, where Node's OpenSSL gets its seed), with the version and variant bits of
 * RFC 9562 §5.4. Where that file cannot be read (Windows, a sandbox without `/dev`), it is
 * `crypto.randomUUID()`.
 *
 * Not `crypto.randomUUID()` everywhere: it loads `node:crypto`, about 40 internal modules and
 * 7-10 ms of a service's start-up (measured on Node 24: `node -e "const t = performance.now();
 * require('node:crypto').randomUUID(); console.log(performance.now() - t)"`), on the path to its
 * first answered scrape, for one identifier. Reading the device costs one open, read and close.
 */
export function randomUUID(source = '/dev/urandom'): string {
  const bytes = randomBytesOf(source);
  if (bytes === undefined) return process.getBuiltinModule('node:crypto').randomUUID();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10 (RFC 9562)
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 16 bytes read from `source`, or `undefined` if it cannot give them. */
function randomBytesOf(source: string): Buffer | undefined {
  const fs = process.getBuiltinModule('node:fs');
  const bytes = Buffer.alloc(16);
  let fd: number;
  try {
    fd = fs.openSync(source, 'r');
  } catch {
    return undefined;
  }
  try {
    let filled = 0;
    while (filled < bytes.length) {
      const read = fs.readSync(fd, bytes, filled, bytes.length - filled, null);
      if (read === 0) return undefined;
      filled += read;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
