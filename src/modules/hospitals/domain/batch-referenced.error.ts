import { DomainError } from '@hms/ddd';

/** Counts of records that refer to hospitals of a batch, by kind (departments, users, ...). */
export type BatchReferences = Readonly<Record<string, number>>;

export class BatchReferencedError extends DomainError<'HOSPITAL.BATCH_REFERENCED'> {
  readonly code = 'HOSPITAL.BATCH_REFERENCED' as const;
  constructor(batchId: string, references: BatchReferences) {
    const held = Object.entries(references)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`);
    super(
      `Hospitals of this batch are already referenced (${held.length ? held.join(', ') : 'by a record created meanwhile'}); ` +
        'remove or move those references first. Nothing was deleted.',
      { batchId, references: { ...references } },
    );
  }
}
