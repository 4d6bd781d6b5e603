import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Redis } from 'ioredis';
import type pg from 'pg';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly postgres: string;
  readonly redis: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine shows here. */
  readonly loadAverageAtStart: readonly number[];
}

export interface GitInfo {
  readonly commit: string;
  /** True when the working tree had uncommitted changes: the numbers are then not those of `commit` alone. */
  readonly dirty: boolean;
  readonly changedFiles: number;
}

export async function machineInfo(db: pg.Pool, redis: Redis): Promise<MachineInfo> {
  const { rows } = await db.query<{ version: string }>('SELECT version()');
  const info = await redis.info('server');
  const redisVersion = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: `Linux ${release()}`,
    node: process.version,
    postgres: rows[0].version,
    redis: redisVersion,
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export function gitInfo(root: string): GitInfo {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const changed = git('status', '--porcelain').split('\n').filter(Boolean);
    return { commit: git('rev-parse', 'HEAD'), dirty: changed.length > 0, changedFiles: changed.length };
  } catch {
    return { commit: 'unknown', dirty: true, changedFiles: 0 };
  }
}
