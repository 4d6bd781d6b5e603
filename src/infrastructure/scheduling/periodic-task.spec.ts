import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';

describe('PeriodicTask', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs now and on each turn, never twice at once, and stop() waits for the run in progress', async () => {
    jest.useFakeTimers();
    let finish: () => void = () => undefined;
    let runs = 0;
    const task = new PeriodicTask(
      () => {
        runs += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      () => undefined,
    );
    task.start(1_000);
    expect(runs).toBe(1);
    jest.advanceTimersByTime(3_000);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(5_000);
    expect(runs).toBe(1);
  });

  it('reports a failure and runs again on the next turn; waits for the first turn when told', async () => {
    jest.useFakeTimers();
    const failures: unknown[] = [];
    let runs = 0;
    const task = new PeriodicTask(
      () => {
        runs += 1;
        return Promise.reject(new Error(`run ${runs}`));
      },
      (error) => failures.push(error),
    );
    task.start(1_000, { runNow: false });
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
    expect((failures[0] as Error).message).toBe('run 1');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    expect((failures[1] as Error).message).toBe('run 2');
    await task.stop();
  });
});
