/** PII key rotations, fed by a patients event handler: one job per rotation, keyed by its id. */
export const PII_ROTATION_QUEUE = 'pii-rotation';

/** What a rotation job carries: the rotation to run and the command that started it, never keys or data. */
export interface PiiRotationJobData {
  readonly rotationId: string;
  readonly correlationId: string;
}
