/**
 * A worker's housekeeping task on an interval: never two runs at once (a run
 * still going when its turn comes is not started again), a failure reported
 * and retried on the next turn, and stop() waits for a run in progress.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Runs every `intervalMs`, and once now unless `runNow` is false. */
  start(intervalMs: number, { runNow = true }: { readonly runNow?: boolean } = {}): void {
    this.stopped = false;
    if (runNow) this.run();
    this.timer = setInterval(() => this.run(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private run(): void {
    if (this.stopped || this.running) return;
    this.running = this.work()
      .then(() => undefined)
      .catch((error: unknown) => {
        // A run cut short by the shutdown is not a failure worth a warning.
        if (!this.stopped) this.onFailure(error);
      })
      .finally(() => (this.running = undefined));
  }
}
