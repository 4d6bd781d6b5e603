import { describe, expect, it } from '@jest/globals';
import { type BenchReport, consoleReport, scenarioErrors } from './report.js';
import type { LoadResult } from './load/run-loads.js';
import { cpuMsPerRequest, type Measurement } from './scenario.js';

const clean: Measurement = {
  label: 'GET /patients/:id × 200 connections',
  rate: { value: 864.2, unit: 'req/s' },
  latencyMs: { p50: 225, p90: 268, p99: 346 },
  statuses: { '200': 17_284 },
  expectedStatuses: [200],
  errors: { unexpected: 0, socket: 0, timeouts: 0, inWarmup: 0 },
  baseline: { label: 'baseline', ratio: 0.561 },
  floor: { label: 'floor', ratio: 0.243 },
  cpuMsPerRequest: { process: 1.234, postgres: 0.456 },
};

const troubled: Measurement = {
  label: 'POST /patients × 200 connections',
  rate: { value: 357, unit: 'req/s' },
  latencyMs: { p50: 534, p90: 664, p99: 714 },
  statuses: { '201': 7_000, '409': 3, '500': 2 },
  expectedStatuses: [201, 409],
  errors: { unexpected: 2, socket: 1, timeouts: 4, inWarmup: 5 },
};

function report(measurements: Measurement[], failure?: string): BenchReport {
  return {
    startedAt: '2026-11-22T08:48:41.754Z',
    finishedAt: '2026-11-22T09:01:00.000Z',
    git: { commit: '67151a538ce1', dirty: false, changedFiles: 0 },
    machine: {
      cores: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 23.5,
      kernel: 'Linux',
      node: 'v20',
      postgres: 'PostgreSQL 15',
      redis: '7',
      loadAverageAtStart: [0, 0, 0],
    },
    options: {
      durationSeconds: 20,
      warmupSeconds: 5,
      connections: 200,
      only: undefined,
      patients: 100_000,
      intakeRecords: 100_000,
      intakeUploadRecords: 1_000_000,
      full: false,
      cpuProf: false,
      oneProcess: false,
      serverEnv: {},
    },
    server: { role: 'api + worker', env: {} },
    scenarios: [
      failure
        ? { name: 'mix', number: 6, title: 'mix', seconds: 1, errors: 1, failure }
        : { name: 'get', number: 3, title: 'get', seconds: 1, errors: 0, outcome: { measurements, targets: [], notes: [] } },
    ],
    errors: 0,
  };
}

describe('bench report', () => {
  it('counts unexpected statuses, socket errors, timeouts and warm-up errors, and a failed scenario as one', () => {
    expect(scenarioErrors({ measurements: [clean], targets: [], notes: [] }, false)).toBe(0);
    expect(scenarioErrors({ measurements: [clean, troubled], targets: [], notes: [] }, false)).toBe(12);
    expect(scenarioErrors(undefined, true)).toBe(1);
  });

  it('prints every non-2xx answer, expected or not, and every kind of error', () => {
    const text = consoleReport(report([clean, troubled]), 'bench/results/x.json');
    expect(text).toContain('409: 3 (expected), 500: 2 (unexpected)');
    expect(text).toContain('2 unexpected, 1 socket, 4 timeouts, 5 in warm-up');
    expect(text).toContain('864 req/s');
    expect(text).toContain('0.56 of baseline');
    expect(text).toContain('0.24 of floor');
    expect(text).toContain('1.23 / 0.46');
    expect(text).toContain('Vs floor');
    expect(text).toContain('an `APP_ROLE=api` process and an `APP_ROLE=worker` process');
  });

  it('puts the floor ratio and the CPU per request in their own columns, next to the baseline ratio', () => {
    const lines = consoleReport(report([clean, troubled]), 'x.json').split('\n');
    const header = lines.find((l) => l.startsWith('#  '))!;
    const row = lines.find((l) => l.includes('GET /patients/:id'))!;
    const other = lines.find((l) => l.includes('POST /patients'))!;
    expect(row.slice(header.indexOf('Vs baseline')).trim()).toMatch(/^0\.56 of baseline +0\.24 of floor +1\.23 \/ 0\.46$/);
    expect(header.indexOf('Vs floor')).toBeGreaterThan(header.indexOf('Vs baseline'));
    expect(header.indexOf('CPU ms/req')).toBeGreaterThan(header.indexOf('Vs floor'));
    // A measurement without either leaves both cells empty.
    expect(other.slice(header.indexOf('Vs baseline')).trim()).toBe('');
  });

  it('turns CPU shares of a core into milliseconds per request', () => {
    const result = {
      measured: { requestsPerSecond: 500 },
      cpu: { serverPercent: 90, postgresPercent: 40 },
    } as unknown as LoadResult;
    // 0.9 core-seconds per second ÷ 500 requests per second = 1.8 ms a request.
    expect(cpuMsPerRequest(result)).toEqual({ process: 1.8, postgres: 0.8 });
  });

  it('shows a failed scenario as a failed line', () => {
    expect(consoleReport(report([], 'the server exited'), 'x.json')).toContain('FAILED: the server exited');
  });
});
