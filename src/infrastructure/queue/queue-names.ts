import type { AnyContextDescriptor } from '../context/context-descriptor.js';

/** Bull queues fed by the outbox relay. Job data holds ids only: never personal data. */
export const DOMAIN_EVENTS_QUEUE = 'domain-events';
export const AUDIT_QUEUE = 'audit';
export const OUTBOX_QUEUES = [DOMAIN_EVENTS_QUEUE, AUDIT_QUEUE] as const;

/** Every queue, the outbox's and each context's own, for operators (queues:status, queues:retry-failed) and metrics. */
export function allQueueNames(contexts: readonly AnyContextDescriptor[]): string[] {
  return [...OUTBOX_QUEUES, ...contexts.flatMap((context) => context.queues.map((queue) => queue.name))];
}

/** What a relayed event job carries: enough to route and trace, the event itself stays in PostgreSQL. */
export interface EventJobData {
  readonly eventId: string;
  readonly outboxId: string;
  readonly type: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly correlationId: string;
}
