/** A batch's life: received (stored, queued), processing, then one of the three ends. */
export const INTAKE_BATCH_STATUSES = ['received', 'processing', 'completed', 'completed-with-errors', 'failed'] as const;
export type IntakeBatchStatus = (typeof INTAKE_BATCH_STATUSES)[number];

/** Where a feed came from: the JSON route or the CSV upload. */
export type IntakeSource = 'json' | 'csv';

/** The status of a batch whose records have all been applied or refused. */
export function settledIntakeStatus(errors: number): 'completed' | 'completed-with-errors' {
  return errors > 0 ? 'completed-with-errors' : 'completed';
}

export function isSettled(status: IntakeBatchStatus): boolean {
  return status !== 'received' && status !== 'processing';
}

/** The outcomes `GET .../records?outcome=` filters on: a patient's, a visit's, or a refusal. */
export const RECORD_OUTCOME_FILTERS = ['created', 'updated', 'unchanged', 'added', 'duplicate', 'error'] as const;
export type RecordOutcomeFilter = (typeof RECORD_OUTCOME_FILTERS)[number];
