import { DomainError } from '@hms/ddd';

/** Merging into a merged record would build chains; merge into the record it points to. */
export class MergeTargetMergedError extends DomainError<'PATIENT.MERGE_TARGET_MERGED'> {
  readonly code = 'PATIENT.MERGE_TARGET_MERGED' as const;
  override readonly fields = [{ field: 'intoPatientId', message: 'intoPatientId is itself merged into another patient' }];

  constructor(intoPatientId: string, mergedIntoId: string | null) {
    super('The target patient was itself merged into another; merge into that one instead.', { intoPatientId, mergedIntoId });
  }
}
