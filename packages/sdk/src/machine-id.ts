import { diag } from '@opentelemetry/api';

const fs = process.getBuiltinModule('node:fs');

/**
 * `fs.readFile` as a promise. Not `node:fs/promises`: loading that module brings `readline`, file
 * streams and watchers (about 2 ms of a service's start-up), for two reads of a small file.
 */
function readFile(path: string, options: { encoding: 'utf8' }): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.readFile(path, options, (error, text) => (error ? reject(error) : resolve(text)));
  });
}

/**
 * The machine id of `host.id`, read as `@opentelemetry/resources`' host detector reads it: Linux
 * `/etc/machine-id` then `/var/lib/dbus/machine-id`; FreeBSD `/etc/hostid` then
 * `kenv -q smbios.system.uuid`; macOS the `IOPlatformUUID` of `ioreg`; Windows the registry's
 * `MachineGuid`. `undefined` when none can be read (the attribute is then dropped).
 */
export async function getMachineId(): Promise<string | undefined> {
  switch (process.platform) {
    case 'linux':
      return linux();
    case 'freebsd':
      return bsd();
    case 'darwin':
      return darwin();
    case 'win32':
      return windows();
    default:
      diag.debug('could not read machine-id: unsupported platform');
      return undefined;
  }
}

async function exec(command: string): Promise<string> {
  const { exec: run } = process.getBuiltinModule('node:child_process');
  const { promisify } = process.getBuiltinModule('node:util');
  return (await promisify(run)(command)).stdout;
}

async function linux(): Promise<string | undefined> {
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      return (await readFile(path, { encoding: 'utf8' })).trim();
    } catch (e) {
      diag.debug(`error reading machine id: ${String(e)}`);
    }
  }
  return undefined;
}

async function bsd(): Promise<string | undefined> {
  try {
    return (await readFile('/etc/hostid', { encoding: 'utf8' })).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${String(e)}`);
  }
  try {
    return (await exec('kenv -q smbios.system.uuid')).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${String(e)}`);
  }
  return undefined;
}

async function darwin(): Promise<string | undefined> {
  try {
    const output = await exec('ioreg -rd1 -c "IOPlatformExpertDevice"');
    const idLine = output.split('\n').find((line) => line.includes('IOPlatformUUID'));
    if (!idLine) return undefined;
    const parts = idLine.split('" = "');
    if (parts.length === 2) return parts[1]!.slice(0, -1);
  } catch (e) {
    diag.debug(`error reading machine id: ${String(e)}`);
  }
  return undefined;
}

async function windows(): Promise<string | undefined> {
  const args = 'QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid';
  let command = '%windir%\\System32\\REG.exe';
  if (process.arch === 'ia32' && 'PROCESSOR_ARCHITEW6432' in process.env) {
    command = '%windir%\\sysnative\\cmd.exe /c ' + command;
  }
  try {
    const parts = (await exec(`${command} ${args}`)).split('REG_SZ');
    if (parts.length === 2) return parts[1]!.trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${String(e)}`);
  }
  return undefined;
}
