// CLI: node bench/dist/profile-service.js <variant>[,<variant>…] [seconds=20] [rate=5000]
// Profiles the section-4 service (cases/service.ts, recording on throughout) under a fixed-rate
// autocannon load with `node --cpu-prof` (100 µs sampling) and prints, per request: the process's
// sampled CPU (idle excluded), garbage collection, and the time inside the service's recordStart and
// recordEnd by step and function. Profiles are kept in .cache/bench/profiles/service-<variant>.cpuprofile.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  MARK_PATH,
  SERVICE_VARIANTS,
  type ServiceMark,
  type ServiceVariant,
} from './case-types.js';
import { summariseProfile, type CpuProfile } from './profile-summary.js';
import { startService } from './run-child.js';
import { fmt } from './stats.js';

const [list, secondsArg = '20', rateArg = '5000'] = process.argv.slice(2);
const variants = (list ?? '').split(',') as ServiceVariant[];
const seconds = Number(secondsArg);
const rate = Number(rateArg);
if (
  variants.some((v) => !SERVICE_VARIANTS.includes(v)) ||
  !(seconds > 0 && seconds <= 300) ||
  !(rate > 0 && rate <= 100_000)
) {
  process.stderr.write(
    `usage: profile-service <${SERVICE_VARIANTS.join('|')}>[,…] [seconds ≤ 300] [rate ≤ 100000]\n`,
  );
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, '.cache', 'bench', 'profiles');
const out = process.stdout;

async function mark(url: string): Promise<ServiceMark> {
  return (await (await fetch(`${url}${MARK_PATH}`)).json()) as ServiceMark;
}

for (const variant of variants) {
  const tmp = join(dir, `tmp-service-${variant}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const service = await startService('service', { variant }, 30_000, [
    '--cpu-prof',
    `--cpu-prof-dir=${tmp}`,
    '--cpu-prof-interval=100',
  ]);
  let served: number;
  try {
    const load = await autocannon({
      url: `${service.url}/hello`,
      connections: 20,
      overallRate: rate,
      duration: seconds,
    });
    if (load.errors > 0 || load.non2xx > 0)
      throw new Error(`${load.errors} errors, ${load.non2xx} non-2xx answers`);
    served = (await mark(service.url)).requests;
  } finally {
    await service.terminate();
  }
  const written = readdirSync(tmp).find((f) => f.endsWith('.cpuprofile'));
  if (!written) throw new Error(`profile of service ${variant}: no .cpuprofile in ${tmp}`);
  const file = join(dir, `service-${variant}.cpuprofile`);
  renameSync(join(tmp, written), file);
  rmSync(tmp, { recursive: true, force: true });
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  const total = (match: (fn: string) => boolean) =>
    profile.samples.reduce(
      (sum, id, i) => sum + (match(byId.get(id)!) ? profile.timeDeltas[i]! : 0),
      0,
    );
  const perRequest = (micros: number) => `${fmt(micros / served)} µs`;
  out.write(
    `\n== ${variant}: ${served} requests at ${rate}/s; ${file}\n` +
      `sampled CPU (idle excluded): ${perRequest(total((fn) => fn !== '(idle)'))} per request, ` +
      `garbage collection ${perRequest(total((fn) => fn === '(garbage collector)'))}\n`,
  );
  if (variant === 'none') continue;
  for (const rootFunction of ['recordStart', 'recordEnd']) {
    const summary = summariseProfile(profile, rootFunction, served);
    out.write(
      `\n${rootFunction}: ${fmt(summary.nsPerOp)} ns per request (${summary.samples} samples)\n`,
    );
    for (const c of summary.categories)
      out.write(
        `${fmt(c.percent).padStart(6)} %  ${fmt(c.nsPerOp).padStart(7)} ns  ${c.category}\n`,
      );
    for (const f of summary.functions.slice(0, 12))
      out.write(
        `${fmt(f.percent).padStart(6)} %  ${fmt(f.nsPerOp).padStart(7)} ns    ${f.function}  ${f.file}\n`,
      );
  }
}
