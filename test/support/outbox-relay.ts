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

/** One relay round, run now rather than waited for: how many outbox events it moved to the queues. */
export function relayRound(t: TestApp): Promise<number> {
  return t.app.get(OutboxRelay).drain();
}
