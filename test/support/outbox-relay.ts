import { getQueueToken } from '@nestjs/bull';
import { waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import { OutboxRelay } from '../../src/infrastructure/events/outbox-relay.js';
import { OUTBOX_QUEUES } from '../../src/infrastructure/queue/queue-names.js';
import type { TestApp } from './test-app.js';

/** Waits until the queues the relay publishes to have lost their Redis connection (after cutting a proxy). */
export async function untilQueuesOffline(t: TestApp): Promise<void> {
  const queues = OUTBOX_QUEUES.map((name) => t.app.get<Queue>(getQueueToken(name)));
  await waitFor(() => queues.every((queue) => queue.client.status !== 'ready'), 'the outbox queues to notice Redis is gone');
}

/** Waits until the app's relay listens for wake-ups: it opens that connection in the background, and a NOTIFY sent before is lost. */
export async function untilRelayListens(t: TestApp): Promise<void> {
  await waitFor(async () => {
    const [row] = await t.db.query<{ listening: boolean }>(
      `SELECT count(*) > 0 AS listening FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'hms-outbox-listener' AND query LIKE 'LISTEN %'`,
      [t.db.name],
    );
    return row.listening;
  }, 'the relay to listen');
}

/** One relay round, run now rather than waited for: how many outbox events it moved to the queues. */
export function relayRound(t: TestApp): Promise<number> {
  return t.app.get(OutboxRelay).drain();
}
