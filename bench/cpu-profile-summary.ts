/**
 * Summarises a V8 CPU profile (node --cpu-prof): busy time by component of a
 * request, by package (node's own frames charged to the package that called
 * them) and by function. `npm run bench -- --cpu-prof` puts the server's in
 * its report; this prints any other. Usage:
 *   node dist/bench/bench/cpu-profile-summary.js <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';
import { type CpuProfile, type Share, summariseProfile } from './cpu-profile.js';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: cpu-profile-summary <file.cpuprofile> [top]\n');
  process.exit(2);
}
const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 'process', file, Number(topArg ?? 30));
const list = (shares: readonly Share[]) => shares.map(({ name, share }) => `  ${(100 * share).toFixed(1).padStart(5)}%  ${name}`);
const lines = [
  `${file}: ${summary.profiledSeconds.toFixed(1)} s profiled, ${summary.busySeconds.toFixed(1)} s busy (not idle); shares are of busy time`,
  '',
  'By component:',
  ...list(summary.components),
  '',
  'By package:',
  ...list(summary.packages),
  '',
  'Functions by self time:',
  ...list(summary.functions),
];
process.stdout.write(`${lines.join('\n')}\n`);
