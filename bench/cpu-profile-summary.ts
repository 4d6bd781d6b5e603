/**
 * Summarises a V8 CPU profile (node --cpu-prof): the functions with the most
 * self time, and self time per package (node_modules/<name>, the app's own
 * code, node internals). Usage:
 *   node dist/bench/bench/cpu-profile-summary.js <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Where a function lives: a package under node_modules, the app (src, libs), node itself, or V8. */
function packageOf(url: string, name: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (/\/(src|libs)\//.test(url)) return '(app)';
  if (url.startsWith('node:')) return '(node)';
  if (!url) return name === '(garbage collector)' || name === '(idle)' || name === '(program)' ? name : '(native)';
  return url;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: cpu-profile-summary <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const totalUs = profile.endTime - profile.startTime;
const idleUs = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((s, [, us]) => s + us, 0);
const busyUs = totalUs - idleUs;
const functions = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const where = url ? `${url.replace(/^.*?(node_modules\/|dist\/)/, '$1')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  functions.set(key, (functions.get(key) ?? 0) + us);
  const pkg = packageOf(url, functionName);
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
}
const top = Number(topArg ?? 30);
const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
const lines = [
  `${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e6).toFixed(1)} s busy (not idle); shares are of busy time`,
  '',
  'Self time by package:',
  ...[...packages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([name, us]) => `  ${pct(us)}  ${name}`),
  '',
  `Top ${top} functions by self time:`,
  ...[...functions]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `  ${pct(us)}  ${name}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
