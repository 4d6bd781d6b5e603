import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { ProfileSummary } from './cpu-profile.js';
import type { GitInfo, MachineInfo } from './machine.js';
import type { BenchOptions } from './options.js';
import { errorCount, type Measurement, type ScenarioOutcome } from './scenario.js';
import type { ServerExit } from './server-process.js';

export interface ScenarioReport {
  readonly name: string;
  readonly number: number;
  readonly title: string;
  readonly seconds: number;
  /** Unexpected statuses, socket errors and timeouts, plus one if the scenario itself failed. */
  readonly errors: number;
  readonly outcome?: ScenarioOutcome;
  readonly failure?: string;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly git: GitInfo;
  readonly machine: MachineInfo;
  readonly options: BenchOptions;
  readonly server: {
    /** `all` (one process) or `api + worker`. */
    readonly role: string;
    /** The server's environment, generated secrets replaced by a marker. */
    readonly env: Readonly<Record<string, string>>;
    readonly exit?: ServerExit;
    readonly workerExit?: ServerExit;
  };
  readonly scenarios: readonly ScenarioReport[];
  readonly errors: number;
  /** With --cpu-prof: where each profiled process spent its busy time. */
  readonly profiles?: readonly ProfileSummary[];
}

export function scenarioErrors(outcome: ScenarioOutcome | undefined, failed: boolean): number {
  return (outcome?.measurements ?? []).reduce((sum, m) => sum + errorCount(m), 0) + (failed ? 1 : 0);
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const latency = (n: number | undefined) => (n === undefined ? '' : n < 1 ? n.toFixed(2) : n < 10 ? n.toFixed(1) : int(n));

const cpuMs = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function errorsCell(m: Measurement): string {
  const { unexpected, socket, timeouts, inWarmup } = m.errors;
  const parts = [
    unexpected ? `${int(unexpected)} unexpected` : '',
    socket ? `${int(socket)} socket` : '',
    timeouts ? `${int(timeouts)} timeouts` : '',
    inWarmup ? `${int(inWarmup)} in warm-up` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : '0';
}

function non2xxCell(m: Measurement): string {
  const expected = new Set((m.expectedStatuses ?? []).map(String));
  const cells = Object.entries(m.statuses ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}: ${int(n)} (${expected.has(code) ? 'expected' : 'unexpected'})`);
  return cells.length ? cells.join(', ') : '0';
}

const MEASUREMENT_HEADER = [
  '#',
  'Scenario',
  'Measurement',
  'Rate',
  'p50 ms',
  'p90 ms',
  'p99 ms',
  'Errors',
  'Non-2xx',
  'Vs baseline',
  'Vs floor',
  'CPU ms/req (process / PostgreSQL)',
];
const TARGET_HEADER = ['#', 'Target', 'Actual', 'Result'];

function measurementRows(report: BenchReport): string[][] {
  return report.scenarios.flatMap((s) => {
    if (!s.outcome) return [[String(s.number), s.name, `FAILED: ${s.failure ?? 'unknown'}`, '', '', '', '', '1', '', '', '', '']];
    return s.outcome.measurements.map((m) => [
      String(s.number),
      s.name,
      m.label,
      m.rate ? `${int(m.rate.value)} ${m.rate.unit}` : '',
      latency(m.latencyMs?.p50),
      latency(m.latencyMs?.p90),
      latency(m.latencyMs?.p99),
      errorsCell(m),
      non2xxCell(m),
      m.baseline ? `${m.baseline.ratio.toFixed(2)} of ${m.baseline.label}` : '',
      m.floor ? `${m.floor.ratio.toFixed(2)} of ${m.floor.label}` : '',
      m.cpuMsPerRequest ? `${cpuMs(m.cpuMsPerRequest.process)} / ${cpuMs(m.cpuMsPerRequest.postgres)}` : '',
    ]);
  });
}

function targetRows(report: BenchReport): string[][] {
  return report.scenarios.flatMap((s) =>
    (s.outcome?.targets ?? []).map((t) => [String(s.number), t.target, t.actual, t.met ? 'met' : 'MISSED']),
  );
}

function machineLine(report: BenchReport): string {
  const m = report.machine;
  return (
    `${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.kernel}; Node ${m.node}; ${m.postgres.split(' on ')[0]}; ` +
    `Redis ${m.redis}; load average at start ${m.loadAverageAtStart.join(' / ')}`
  );
}

function commitLine(git: GitInfo): string {
  return `${git.commit.slice(0, 12)}${git.dirty ? ` with uncommitted changes (${git.changedFiles} files)` : ''}`;
}

function flags(options: BenchOptions): string {
  return [
    `--duration ${options.durationSeconds}`,
    `--warmup ${options.warmupSeconds}`,
    `--connections ${options.connections}`,
    ...(options.only ? [`--only ${options.only.join(',')}`] : []),
    `--patients ${options.patients}`,
    // Older results have no such option; the default is left out, as the intake scenario names its size anyway.
    ...(options.intakeRecords !== undefined && options.intakeRecords !== 100_000
      ? [`--intake-records ${options.intakeRecords}`]
      : []),
    ...(options.full ? ['--full'] : []),
    ...(options.cpuProf ? ['--cpu-prof'] : []),
    ...(options.oneProcess ? ['--one-process'] : []),
    ...Object.entries(options.serverEnv ?? {}).map(([name, value]) => `--server-env ${name}=${value}`),
  ].join(' ');
}

function topology(report: BenchReport): string {
  return report.server.role === 'all'
    ? 'one process with `APP_ROLE=all`'
    : 'an `APP_ROLE=api` process and an `APP_ROLE=worker` process';
}

function padTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const percent = (share: number | undefined) => (share === undefined ? '' : `${(100 * share).toFixed(1)}%`);

/** The profiled processes side by side, by component of their busy time, heaviest in the first process first. */
function profileRows(profiles: readonly ProfileSummary[]): { header: string[]; rows: string[][] } {
  const names = [...new Set(profiles.flatMap((p) => p.components.map((c) => c.name)))];
  const shareIn = (p: ProfileSummary, name: string) => p.components.find((c) => c.name === name)?.share;
  names.sort((a, b) => (shareIn(profiles[0], b) ?? 0) - (shareIn(profiles[0], a) ?? 0));
  return {
    header: ['CPU profile: share of busy time', ...profiles.map((p) => `${p.process} (${p.busySeconds.toFixed(1)} s busy)`)],
    rows: names.map((name) => [name, ...profiles.map((p) => percent(shareIn(p, name)))]),
  };
}

function profileSection(report: BenchReport, table: (header: string[], rows: string[][]) => string): string[] {
  const profiles = report.profiles ?? [];
  if (profiles.length === 0) return [];
  const { header, rows } = profileRows(profiles);
  const [main] = profiles;
  return [
    table(header, rows),
    '',
    `- Profiles (node --cpu-prof) over the whole run, warm-ups and seeding included; node's and V8's own frames ` +
      `(socket writes, ciphers, JSON) are charged to the package that called them.`,
    `- Heaviest functions of the ${main.process} by self time: ` +
      main.functions
        .slice(0, 12)
        .map((f) => `${f.name.replace(/ (node_modules|dist)\/.*$/, '')} ${percent(f.share)}`)
        .join(', ') +
      '.',
    '',
  ];
}

function notes(report: BenchReport): string[] {
  return report.scenarios.flatMap((s) => [
    ...(s.failure ? [`${s.number} ${s.name}: failed: ${s.failure}`] : []),
    ...(s.outcome?.notes ?? []).map((n) => `${s.number} ${s.name}: ${n}`),
  ]);
}

export function consoleReport(report: BenchReport, jsonPath: string): string {
  const targets = targetRows(report);
  return [
    '',
    `HMS benchmark, ${report.startedAt}, commit ${commitLine(report.git)}`,
    `Machine: ${machineLine(report)}`,
    `Options: ${flags(report.options)}; server ${topology(report)}, NODE_ENV=production`,
    '',
    padTable(MEASUREMENT_HEADER, measurementRows(report)),
    '',
    ...(targets.length ? [padTable(TARGET_HEADER, targets), ''] : []),
    ...notes(report).map((n) => `- ${n}`),
    '',
    ...profileSection(report, padTable),
    `Errors: ${report.errors}. Raw results: ${jsonPath}`,
    '',
  ].join('\n');
}

function markdownEntry(report: BenchReport, jsonPath: string): string {
  const targets = targetRows(report);
  return [
    `### ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${commitLine(report.git)}`,
    '',
    `Machine: ${machineLine(report)}.`,
    '',
    `Run: \`npm run bench -- ${flags(report.options)}\`; server ${topology(report)}, ` +
      `\`NODE_ENV=production\`. Errors: ${report.errors}. Raw results: \`${jsonPath}\`.`,
    '',
    markdownTable(MEASUREMENT_HEADER, measurementRows(report)),
    '',
    ...(targets.length ? [markdownTable(TARGET_HEADER, targets), ''] : []),
    ...notes(report).map((n) => `- ${n}`),
    '',
    ...profileSection(report, markdownTable),
  ].join('\n');
}

/** Writes bench/results/<timestamp>.json; answers its path relative to the repository. */
export async function writeJson(root: string, report: BenchReport): Promise<string> {
  const path = join(root, 'bench', 'results', `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return relative(root, path);
}

/** Appends the run to the Results section of docs/benchmarks.md, formatted as `npm run lint` expects. */
export async function appendToDocs(root: string, report: BenchReport, jsonPath: string): Promise<string> {
  const path = join(root, 'docs', 'benchmarks.md');
  const current = await readFile(path, 'utf8');
  const content = `${current.trimEnd()}\n\n${markdownEntry(report, jsonPath)}`;
  const config = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(content, { ...config, filepath: path }));
  return relative(root, path);
}
