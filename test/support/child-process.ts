import { type ChildProcess, spawn } from 'node:child_process';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A process a test started: its output so far, and how it ended. */
export class TestChild {
  readonly exited: Promise<Exit>;
  private out = '';
  private err = '';
  private exit?: Exit;

  constructor(readonly handle: ChildProcess) {
    handle.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    handle.stderr?.on('data', (d: Buffer) => (this.err += d.toString()));
    this.exited = new Promise((resolve) =>
      handle.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.handle.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  stdout(): string {
    return this.out;
  }

  stderr(): string {
    return this.err;
  }

  /** Sends the signal (SIGKILL: no handler runs, nothing is flushed) and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.running) this.handle.kill(signal);
    return this.exited;
  }
}

const everyChild = new Set<TestChild>();
// Last resort should a test file die before its afterAll: no process outlives the Jest worker.
process.once('exit', () => {
  for (const child of everyChild) if (child.running) child.handle.kill('SIGKILL');
});

/**
 * The processes one test file starts, so its afterAll can end every one of
 * them, whatever failed on the way.
 */
export class TestChildren {
  private readonly children = new Set<TestChild>();

  spawn(command: string, args: readonly string[], env: NodeJS.ProcessEnv): TestChild {
    const child = new TestChild(spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.children.add(child);
    everyChild.add(child);
    void child.exited.then(() => everyChild.delete(child));
    return child;
  }

  /** SIGKILLs whatever still runs and waits until it is gone. */
  async killAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => child.kill('SIGKILL')));
    this.children.clear();
  }
}
