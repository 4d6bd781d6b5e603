import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Measured seconds per load, after the warm-up. */
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** Concurrent connections of the main load of a scenario (some scenarios fix their own, e.g. the login flood). */
  readonly connections: number;
  /** Scenario names to run, in registry order; undefined runs them all. */
  readonly only: readonly string[] | undefined;
  /** Patients seeded for the patient scenarios (3-7). */
  readonly patients: number;
  /** Records of the intake scenario's measured feed (12): a multiple of 4. */
  readonly intakeRecords: number;
  /** Records of the intake scenario's large upload, whose api memory is measured (0: none). */
  readonly intakeUploadRecords: number;
  /** Run the server and the baselines under `node --cpu-prof`, summarised in the report, kept in the run's work directory. */
  readonly cpuProf: boolean;
  /** The large sizes (a 1,000,000-row import instead of 100,000). */
  readonly full: boolean;
  /** One process with APP_ROLE=all instead of an api process and a worker process. */
  readonly oneProcess: boolean;
  /** Server settings other than the harness's (`--server-env DB_POOL_SIZE=4`): an experiment, named in the report. */
  readonly serverEnv: Readonly<Record<string, string>>;
}

export const USAGE = `Usage: npm run bench -- [options]

  --duration <s>       measured seconds per load, after the warm-up (default 20)
  --warmup <s>         warm-up seconds before each measured load (default 5)
  --connections <n>    concurrent connections of the main loads (default 200)
  --only <names>       comma-separated scenarios to run (default: all)
  --patients <n>       patients to seed for the patient scenarios (default 100000)
  --intake-records <n> records of the intake scenario's measured feed, a multiple of 4 (default 100000):
                       half new patients, a quarter updated, a quarter unchanged, each with a visit
  --intake-upload-records <n>
                       records of the intake scenario's large upload, timed and the api's memory
                       measured, its processing stopped (default 1000000; 0: none)
  --full               large sizes: a 1,000,000-row hospital import instead of 100,000, and,
                       without --only, the import memory scenario (import-1m) too
  --one-process        run the server as one APP_ROLE=all process instead of an api process
                       and a worker process (as docker-compose.yml deploys it)
  --server-env <N=V>   a server setting for this run (repeatable), e.g. --server-env DB_POOL_SIZE=4;
                       the harness's own settings and the generated secrets cannot be overridden
  --cpu-prof           profile the server, the worker and the baselines (node --cpu-prof); the report
                       shows where each spent its busy time, side by side, and the profiles stay in the
                       run's work directory (node dist/bench/bench/cpu-profile-summary.js <file> for more)
  --help               this text
`;

export class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer of at least ${min}`);
  return Number(value);
}

/** Parses the command line; answers undefined for --help. */
export function parseOptions(argv: readonly string[], scenarioNames: readonly string[]): BenchOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        only: { type: 'string' },
        patients: { type: 'string' },
        'intake-records': { type: 'string' },
        'intake-upload-records': { type: 'string' },
        full: { type: 'boolean', default: false },
        'one-process': { type: 'boolean', default: false },
        'cpu-prof': { type: 'boolean', default: false },
        'server-env': { type: 'string', multiple: true },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return undefined;

  const only = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only?.filter((name) => !scenarioNames.includes(name)) ?? [];
  if (unknown.length) throw new UsageError(`unknown scenario ${unknown.join(', ')}; known: ${scenarioNames.join(', ')}`);
  if (only?.length === 0) throw new UsageError('--only needs at least one scenario name');

  const serverEnv: Record<string, string> = {};
  for (const setting of values['server-env'] ?? []) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(setting);
    if (!match) throw new UsageError(`--server-env takes NAME=VALUE (an upper-case variable name), not ${setting}`);
    serverEnv[match[1]] = match[2];
  }

  const intakeRecords = positiveInt('intake-records', values['intake-records'], 100_000, 4);
  if (intakeRecords % 4 !== 0)
    throw new UsageError('--intake-records must be a multiple of 4 (half new, a quarter each updated and unchanged)');

  return {
    durationSeconds: positiveInt('duration', values.duration, 20, 1),
    warmupSeconds: positiveInt('warmup', values.warmup, 5, 0),
    connections: positiveInt('connections', values.connections, 200, 1),
    only,
    patients: positiveInt('patients', values.patients, 100_000, 1),
    intakeRecords,
    intakeUploadRecords: positiveInt('intake-upload-records', values['intake-upload-records'], 1_000_000, 0),
    full: values.full,
    cpuProf: values['cpu-prof'],
    oneProcess: values['one-process'],
    serverEnv,
  };
}
