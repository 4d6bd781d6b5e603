/** Bull queues fed by the outbox relay. Job data holds ids only: never personal data. */
export const DOMAIN_EVENTS_QUEUE = 'domain-events';
export const AUDIT_QUEUE = 'audit';
export const OUTBOX_QUEUES = [DOMAIN_EVENTS_QUEUE, AUDIT_QUEUE] as const;
/** CSV import batches, fed by a hospitals event handler (not by the relay): one job per batch, keyed by its id. */
export const IMPORTS_QUEUE = 'imports';
/** PII key rotations, fed by a patients event handler: one job per rotation, keyed by its id. */
export const PII_ROTATION_QUEUE = 'pii-rotation';
/** Every queue, for operators (queues:status, queues:retry-failed) and metrics. */
export const ALL_QUEUES = [...OUTBOX_QUEUES, IMPORTS_QUEUE, PII_ROTATION_QUEUE] as const;

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

/** What an import job carries: the batch to process and the request that uploaded it, never file content. */
export interface ImportJobData {
  readonly batchId: string;
  readonly correlationId: string;
}

/** What a rotation job carries: the rotation to run and the command that started it, never keys or data. */
export interface PiiRotationJobData {
  readonly rotationId: string;
  readonly correlationId: string;
}
