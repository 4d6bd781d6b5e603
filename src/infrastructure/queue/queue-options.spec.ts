import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../config/app-config.js';
import { generateDevKeys } from '../../config/dev-key-file.js';
import { buildQueueOptions, cappedExponentialBackoff } from './queue-options.js';

describe('cappedExponentialBackoff', () => {
  it('doubles from half a second and stops at one minute', () => {
    expect([1, 2, 3, 4].map(cappedExponentialBackoff)).toEqual([500, 1000, 2000, 4000]);
    expect(cappedExponentialBackoff(8)).toBe(60_000);
    expect(cappedExponentialBackoff(40)).toBe(60_000);
  });
});

describe('buildQueueOptions', () => {
  it('hands Bull the configured job lock and stalled-job check', () => {
    const config = loadConfig({ QUEUE_LOCK_DURATION_MS: '4000', QUEUE_STALLED_INTERVAL_MS: '750' }, generateDevKeys());
    expect(buildQueueOptions(config).settings).toMatchObject({ lockDuration: 4000, stalledInterval: 750, maxStalledCount: 2 });
  });
});
