import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, LoadTargetProcess } from '../scenario.js';
import { freePort } from '../server-process.js';
import { APPOINTMENT_EVENTS_TABLE, FLOOR_ACCESS_TABLE, TIMELINE_ACCESS_TABLE, VITALS_EVENTS_TABLE } from './floor-token.js';

/**
 * The scripts a baseline process runs: GET patient's raw baseline (HMS's own
 * work, hand-wired) and floor (issue 16), the timeline's and the
 * vitals' raw baselines, and the appointments' (booking and availability).
 */
const SCRIPTS = {
  baseline: fileURLToPath(new URL('./raw-get-patient.js', import.meta.url)),
  floor: fileURLToPath(new URL('./floor-get-patient.js', import.meta.url)),
  timeline: fileURLToPath(new URL('./raw-timeline.js', import.meta.url)),
  vitals: fileURLToPath(new URL('./raw-vitals.js', import.meta.url)),
  appointments: fileURLToPath(new URL('./raw-appointments.js', import.meta.url)),
} as const;
export type BaselineKind = keyof typeof SCRIPTS;

/** The tables a baseline creates for its access records, dropped at the bench's cleanup. */
const TABLES: Partial<Record<BaselineKind, string>> = {
  floor: FLOOR_ACCESS_TABLE,
  timeline: TIMELINE_ACCESS_TABLE,
  vitals: VITALS_EVENTS_TABLE,
  appointments: APPOINTMENT_EVENTS_TABLE,
};

export interface BaselineProcess extends LoadTargetProcess {
  /** SIGTERM, then SIGKILL after a few seconds; answers the exit code. */
  stop(): Promise<number | null>;
  logTail(): string;
}

/**
 * Starts a baseline (GET patient's raw one or floor, the timeline's, the vitals' or the appointments') as its
 * own process (own process group, like the server), with the server's
 * environment and a port of its own, and waits until it answers. Its table of
 * access records, if any, is dropped at cleanup.
 */
export async function startBaseline(ctx: BenchContext, kind: BaselineKind = 'baseline'): Promise<BaselineProcess> {
  const port = await freePort();
  const logPath = join(ctx.workDir, `${kind}.log`);
  const table = TABLES[kind];
  if (table) ctx.cleanup.defer(async () => void (await ctx.db.query(`DROP TABLE IF EXISTS ${table}`)));
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, [...ctx.nodeArgs, SCRIPTS[kind]], {
    env: { ...ctx.serverEnv, PORT: String(port) },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`the ${kind} process did not start`);
  const pid = child.pid;
  ctx.cleanup.track(child, true);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exited = false;
  void exit.then(() => (exited = true));
  const logTail = () => {
    try {
      return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  };

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`the ${kind} exited before it was ready:\n${logTail()}`);
    try {
      const res = await fetch(`${origin}/health/live`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the ${kind} was not ready within 30 s:\n${logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const stop = async () => {
    if (exited) return exit;
    process.kill(-pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    const code = await exit;
    clearTimeout(timer);
    return code;
  };
  return { origin, pid, stop, logTail };
}
