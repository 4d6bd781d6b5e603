import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, LoadTargetProcess } from '../scenario.js';
import { freePort } from '../server-process.js';

const BASELINE = fileURLToPath(new URL('./raw-get-patient.js', import.meta.url));

export interface BaselineProcess extends LoadTargetProcess {
  /** SIGTERM, then SIGKILL after a few seconds; answers the exit code. */
  stop(): Promise<number | null>;
  logTail(): string;
}

/**
 * Starts the raw GET-patient baseline as its own process (own process group,
 * like the server), with the server's environment and a port of its own,
 * and waits until it answers.
 */
export async function startBaseline(ctx: BenchContext): Promise<BaselineProcess> {
  const port = await freePort();
  const logPath = join(ctx.workDir, 'baseline.log');
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, [...ctx.nodeArgs, BASELINE], {
    env: { ...ctx.serverEnv, PORT: String(port) },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error('the baseline process did not start');
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
    if (exited) throw new Error(`the baseline exited before it was ready:\n${logTail()}`);
    try {
      const res = await fetch(`${origin}/health/live`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the baseline was not ready within 30 s:\n${logTail()}`);
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
