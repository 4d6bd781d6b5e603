/**
 * When the outbox relay runs its next round: at once if a wake-up came
 * during the round (events committed after its SELECT), else on the next
 * wake-up or after the poll interval; never sooner than `minGapMs` after the
 * previous round began, so rounds under load carry batches; and at once,
 * from then on, after stop().
 */
export class RelayPacer {
  private signalled = false;
  private stopped = false;
  private wakeSleeper?: () => void;
  private endSleep?: () => void;

  constructor(
    private readonly pollMs: number,
    private readonly minGapMs: number,
  ) {}

  /** Call as a round begins; pass the answer to next(). */
  roundStarted(): number {
    this.signalled = false;
    return Date.now();
  }

  wake(): void {
    this.signalled = true;
    this.wakeSleeper?.();
  }

  stop(): void {
    this.stopped = true;
    this.endSleep?.();
  }

  /** Resolves when the next round is due. */
  async next(roundStartedAt: number): Promise<void> {
    if (!this.signalled) await this.sleep(this.pollMs, true);
    const gap = this.minGapMs - (Date.now() - roundStartedAt);
    if (gap > 0) await this.sleep(gap, false);
  }

  private async sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.endSleep = resolve;
      if (wakeable) this.wakeSleeper = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.endSleep = undefined;
    this.wakeSleeper = undefined;
  }
}
