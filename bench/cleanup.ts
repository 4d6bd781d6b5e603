import type { ChildProcess } from 'node:child_process';

type Disposer = () => Promise<void>;

/**
 * What the harness must undo however it ends (success, failure, Ctrl-C):
 * async disposers run in reverse order, and every child process still alive
 * is killed by its own pid (or its process group, for the detached server)
 * even when the event loop is already exiting.
 */
export class Cleanup {
  private readonly disposers: Disposer[] = [];
  private readonly children = new Map<ChildProcess, { group: boolean }>();
  private running?: Promise<void>;

  constructor() {
    // Last resort: 'exit' handlers run synchronously, so only signals can be sent here.
    process.on('exit', () => this.killChildren('SIGKILL'));
  }

  /** Runs `dispose` at cleanup, before anything registered earlier. */
  defer(dispose: Disposer): void {
    this.disposers.push(dispose);
  }

  /** Kills the child at cleanup unless it has exited; `group` for a detached child that leads its own process group. */
  track(child: ChildProcess, group = false): void {
    this.children.set(child, { group });
    child.once('exit', () => this.children.delete(child));
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const dispose of this.disposers.splice(0).reverse()) {
        try {
          await dispose();
        } catch (error) {
          process.stderr.write(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      this.killChildren('SIGKILL');
    })();
    return this.running;
  }

  private killChildren(signal: NodeJS.Signals): void {
    for (const [child, { group }] of this.children) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
      try {
        process.kill(group ? -child.pid : child.pid, signal);
      } catch {
        // Already gone.
      }
    }
  }
}
