import { describe, expect, it } from '@jest/globals';
import { type CpuProfile, summariseProfile } from './cpu-profile.js';
import { type BenchReport, consoleReport } from './report.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
  children,
});

/**
 * root → a handler of ours → pg's submit → writev (native); root → idle;
 * root → garbage collector. 10 ms in writev, 5 ms in pg, 3 ms ours, 2 ms GC, 80 ms idle.
 */
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 5, 6]),
    frame(2, 'execute', 'file:///app/dist/src/modules/patients/get.js', [3]),
    frame(3, 'submit', 'file:///app/node_modules/pg/lib/query.js', [4]),
    frame(4, 'writev', ''),
    frame(5, '(idle)', ''),
    frame(6, '(garbage collector)', ''),
  ],
  samples: [4, 3, 2, 6, 5],
  timeDeltas: [10_000, 5_000, 3_000, 2_000, 80_000],
  startTime: 0,
  endTime: 100_000,
};

describe('CPU profile summary', () => {
  const summary = summariseProfile(profile, 'server', 'x.cpuprofile');

  it('charges node and V8 frames to the package that called them, and leaves idle time out', () => {
    expect(summary.busySeconds).toBeCloseTo(0.02);
    expect(summary.packages).toEqual([
      { name: 'pg', share: 0.75 },
      { name: '(app)', share: 0.15 },
      { name: '(garbage collector)', share: 0.1 },
    ]);
    expect(summary.components.map((c) => c.name)).toEqual([
      'PostgreSQL client (pg, TypeORM)',
      'HMS code (src, libs)',
      '(garbage collector)',
    ]);
    expect(summary.functions[0]).toEqual({ name: 'writev', share: 0.5 });
  });

  it('goes into the report, the profiled processes side by side', () => {
    const floor = summariseProfile(
      { ...profile, samples: [2, 5], timeDeltas: [4_000, 1_000], endTime: 5_000 },
      'floor',
      'y.cpuprofile',
    );
    const text = consoleReport(
      {
        startedAt: '2026-12-07T00:00:00.000Z',
        finishedAt: '2026-12-07T00:01:00.000Z',
        git: { commit: 'abc', dirty: false, changedFiles: 0 },
        machine: {
          cores: 2,
          cpuModel: 'Test CPU',
          memoryGiB: 1,
          kernel: 'Linux',
          node: 'v24',
          postgres: 'PostgreSQL 15',
          redis: '7',
          loadAverageAtStart: [0, 0, 0],
        },
        options: {
          durationSeconds: 1,
          warmupSeconds: 0,
          connections: 1,
          only: undefined,
          patients: 1,
          intakeRecords: 100_000,
          intakeUploadRecords: 1_000_000,
          full: false,
          cpuProf: true,
          oneProcess: true,
          serverEnv: {},
        },
        server: { role: 'all', env: {} },
        scenarios: [],
        errors: 0,
        profiles: [summary, floor],
      } satisfies BenchReport,
      'bench/results/x.json',
    );
    expect(text).toMatch(/PostgreSQL client \(pg, TypeORM\)\s+75\.0%\s+\n/);
    expect(text).toMatch(/HMS code \(src, libs\)\s+15\.0%\s+100\.0%/);
    expect(text).toContain('server (0.0 s busy)');
    expect(text).toContain('Heaviest functions of the server by self time: writev 50.0%, submit 25.0%');
  });
});
