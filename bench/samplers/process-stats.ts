import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of CPU times in /proc (100 on common Linux builds). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessStats {
  /** Resident set size now. */
  readonly rssKb: number;
  /** Highest resident set size over the process's life (VmHWM). */
  readonly peakRssKb: number;
  /** User plus system CPU time of every thread of the process so far. */
  readonly cpuSeconds: number;
}

/** Reads a Linux process's memory and CPU time from /proc; undefined once it has exited. */
export function readProcessStats(pid: number): ProcessStats | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
    return { rssKb: kb('VmRSS'), peakRssKb: kb('VmHWM'), cpuSeconds: ticks / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/**
 * Resets a process's peak resident set size (VmHWM) to its current size, so
 * the next reading of VmHWM is the peak since now, as the kernel tracked it
 * (not sampled). Linux only (`/proc/<pid>/clear_refs`, value 5); false when
 * it could not.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds used so far by each live process whose command name is one of `names`, by pid. */
export function readCommandsCpu(names: readonly string[]): Map<number, { name: string; cpuSeconds: number }> {
  const found = new Map<number, { name: string; cpuSeconds: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!names.includes(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.set(Number(pid), { name, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * CPU seconds each command used between two readings, summed over its
 * processes: new processes count from zero; processes that ended in between
 * are missing, so short-lived ones are undercounted.
 */
export function commandsCpuBetween(
  before: ReadonlyMap<number, { name: string; cpuSeconds: number }>,
  after: ReadonlyMap<number, { name: string; cpuSeconds: number }>,
): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const [pid, { name, cpuSeconds }] of after) {
    const earlier = before.get(pid);
    totals[name] = (totals[name] ?? 0) + cpuSeconds - (earlier?.name === name ? earlier.cpuSeconds : 0);
  }
  return totals;
}

export interface MachineCpu {
  readonly busySeconds: number;
  readonly totalSeconds: number;
}

/** Whole-machine CPU time, busy and total, summed over every core (/proc/stat). */
export function readMachineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0); // without guest time, already counted in user
  const idle = ticks[3] + (ticks[4] ?? 0); // idle + iowait
  return { busySeconds: (total - idle) / CLOCK_TICKS, totalSeconds: total / CLOCK_TICKS };
}

/** Machine busy share between two readings, in percent of all cores. */
export function machineBusyPercent(from: MachineCpu, to: MachineCpu): number {
  const total = to.totalSeconds - from.totalSeconds;
  return total > 0 ? (100 * (to.busySeconds - from.busySeconds)) / total : 0;
}

export interface RssSample {
  readonly elapsedSeconds: number;
  readonly rssKb: number;
}

export interface RssReport {
  readonly intervalMs: number;
  readonly startRssKb: number;
  readonly peakRssKb: number;
  readonly endRssKb: number;
  readonly samples: readonly RssSample[];
}

export interface RssSampler {
  /** The highest RSS seen so far (to split a scenario into stages). */
  peakSoFar(): number;
  resetPeak(): void;
  stop(): RssReport;
}

/** Samples a process's resident memory every `intervalMs` until stopped. */
export function startRssSampler(pid: number, intervalMs = 200): RssSampler {
  const started = performance.now();
  const samples: RssSample[] = [];
  let stagePeak = 0;
  const take = () => {
    const stats = readProcessStats(pid);
    if (!stats) return;
    samples.push({ elapsedSeconds: (performance.now() - started) / 1000, rssKb: stats.rssKb });
    stagePeak = Math.max(stagePeak, stats.rssKb);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    peakSoFar: () => stagePeak,
    resetPeak: () => {
      stagePeak = samples.at(-1)?.rssKb ?? 0;
    },
    stop: () => {
      clearInterval(timer);
      take();
      const values = samples.map((s) => s.rssKb);
      return {
        intervalMs,
        startRssKb: values[0] ?? 0,
        peakRssKb: Math.max(0, ...values),
        endRssKb: values.at(-1) ?? 0,
        samples,
      };
    },
  };
}
