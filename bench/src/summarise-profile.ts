// CLI: node bench/dist/summarise-profile.js <file.cpuprofile> <calls> [rootFunction]
// Prints the self time inside `rootFunction` (default benchLoop) by step and by function, with ns
// per call. The suite runs the same summary on the profiles it takes (docs/performance.md).
import { readFileSync } from 'node:fs';
import { summariseProfile, type CpuProfile } from './profile-summary.js';
import { fmt } from './stats.js';

const [file, calls, root = 'benchLoop'] = process.argv.slice(2);
if (!file || !calls || !(Number(calls) > 0)) {
  process.stderr.write('usage: summarise-profile <file.cpuprofile> <calls> [rootFunction]\n');
  process.exit(2);
}
const summary = summariseProfile(
  JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
  root,
  Number(calls),
);
const out = process.stdout;
out.write(
  `${summary.samples} samples, ${fmt(summary.insideMs)} ms inside ${root}, ${fmt(summary.nsPerOp)} ns/call\n\n`,
);
for (const c of summary.categories) {
  out.write(`${fmt(c.percent).padStart(6)} %  ${fmt(c.nsPerOp).padStart(7)} ns  ${c.category}\n`);
}
out.write('\n');
for (const f of summary.functions.slice(0, 20)) {
  out.write(
    `${fmt(f.percent).padStart(6)} %  ${fmt(f.nsPerOp).padStart(7)} ns  ${f.function}  ${f.file}\n`,
  );
}
