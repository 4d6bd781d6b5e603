import { describe, expect, it } from '@jest/globals';
import { parseOptions, UsageError } from './options.js';

const NAMES = ['health', 'get', 'mix'];

describe('bench options', () => {
  it('defaults to every scenario, 20 s after a 5 s warm-up, 200 connections, 100,000 patients, api + worker', () => {
    expect(parseOptions([], NAMES)).toEqual({
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
    });
  });

  it('reads every flag', () => {
    const args = [
      '--duration',
      '3',
      '--warmup',
      '0',
      '--connections',
      '32',
      '--only',
      'get, mix',
      '--patients',
      '1000000',
      '--intake-records',
      '8000',
    ];
    const settings = ['--server-env', 'DB_POOL_SIZE=4', '--server-env', 'LOG_LEVEL=warn'];
    expect(parseOptions([...args, '--full', '--cpu-prof', '--one-process', ...settings], NAMES)).toEqual({
      durationSeconds: 3,
      warmupSeconds: 0,
      connections: 32,
      only: ['get', 'mix'],
      patients: 1_000_000,
      intakeRecords: 8_000,
      intakeUploadRecords: 1_000_000,
      full: true,
      cpuProf: true,
      oneProcess: true,
      serverEnv: { DB_POOL_SIZE: '4', LOG_LEVEL: 'warn' },
    });
  });

  it('answers undefined for --help', () => {
    expect(parseOptions(['--help'], NAMES)).toBeUndefined();
  });

  it.each([
    [['--only', 'gett'], 'unknown scenario gett'],
    [['--only', ','], 'at least one scenario'],
    [['--server-env', 'db_pool=4'], '--server-env takes NAME=VALUE'],
    [['--duration', '0'], '--duration must be an integer of at least 1'],
    [['--connections', '2.5'], '--connections must be an integer'],
    [['--patients', '-1'], ''],
    [['--intake-records', '1002'], '--intake-records must be a multiple of 4'],
    [['--intake-records', '0'], '--intake-records must be an integer of at least 4'],
    [['--fast'], ''],
  ])('refuses %j', (args, message) => {
    expect(() => parseOptions(args, NAMES)).toThrow(UsageError);
    expect(() => parseOptions(args, NAMES)).toThrow(message);
  });
});
