const { readFileSync, readdirSync } = process.getBuiltinModule('node:fs');

/**
 * Process facts no OTel package reports, read the way the Prometheus Go client and prom-client do:
 * from Linux procfs. Reading `/proc/self` is not disk I/O (the kernel answers from memory and never
 * blocks), so these synchronous reads are safe inside a collection callback.
 *
 * Every function returns `undefined` where the fact is unavailable (no procfs: macOS, Windows),
 * and the caller then observes nothing rather than a made-up value.
 */

/** Open file descriptors of this process: entries of `/proc/self/fd`, minus the one the read used. */
export function openFileDescriptors(fdDir = '/proc/self/fd'): number | undefined {
  try {
    // readdir opens the directory itself, which shows up as one entry while it is being listed.
    return readdirSync(fdDir).length - 1;
  } catch {
    return undefined;
  }
}

/** The soft limit on open file descriptors (`Max open files` in `/proc/self/limits`). */
export function maxFileDescriptors(limitsFile = '/proc/self/limits'): number | undefined {
  let text: string;
  try {
    text = readFileSync(limitsFile, 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined || soft === 'unlimited') return undefined;
  const value = Number(soft);
  return Number.isFinite(value) ? value : undefined;
}

/** Memory figures of `/proc/self/status`, in bytes. */
export interface ProcMemory {
  /** `VmRSS`: resident set size. */
  readonly residentBytes: number;
  /** `VmSize`: virtual memory size. */
  readonly virtualBytes: number;
  /** `VmData`: data segment (the process heap as the kernel sees it). */
  readonly dataBytes: number;
}

/** Reads `VmRSS`, `VmSize` and `VmData` from `/proc/self/status`; undefined without procfs. */
export function procMemory(statusFile = '/proc/self/status'): ProcMemory | undefined {
  let text: string;
  try {
    text = readFileSync(statusFile, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (key: string): number | undefined => {
    const match = new RegExp(`^${key}:\\s*(\\d+)\\s*kB$`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const residentBytes = kib('VmRSS');
  const virtualBytes = kib('VmSize');
  const dataBytes = kib('VmData');
  if (residentBytes === undefined || virtualBytes === undefined || dataBytes === undefined) {
    return undefined;
  }
  return { residentBytes, virtualBytes, dataBytes };
}

/**
 * When this process started, in seconds since the Unix epoch, with millisecond precision.
 * `performance.timeOrigin` is the process start as Node measures it; unlike
 * `Date.now() - process.uptime()` it does not move when the wall clock is adjusted later.
 */
export function processStartTimeSeconds(): number {
  return Math.round(performance.timeOrigin) / 1000;
}
