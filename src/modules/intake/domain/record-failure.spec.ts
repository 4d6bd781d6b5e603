import { describe, expect, it } from '@jest/globals';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '@hms/ddd';
import { recordFailure } from './record-failure.js';

class PatientError extends DomainError<'PATIENT.DECEASED'> {
  readonly code = 'PATIENT.DECEASED' as const;
  constructor() {
    super('The patient is recorded as deceased');
  }
}
class VisitError extends DomainError<'EMR.VISIT_NUMBER_CONFLICT'> {
  readonly code = 'EMR.VISIT_NUMBER_CONFLICT' as const;
  constructor() {
    super('The visit number is taken');
  }
}

describe('a refused record in the feed’s own field names', () => {
  it('renames the fields another context names', () => {
    const error = new InvalidInputError('bad', [
      { field: 'firstName', message: 'firstName is too long' },
      { field: 'accountNumber', message: 'accountNumber is malformed' },
      { field: 'somethingElse', message: 'odd' },
    ]);
    expect(recordFailure(error)).toEqual([
      { field: 'first_name', message: 'firstName is too long' },
      { field: 'visit_account_number', message: 'accountNumber is malformed' },
      { field: 'record', message: 'odd' },
    ]);
  });

  it('puts an error about no field on the patient or the visit, by who raised it', () => {
    expect(recordFailure(new PatientError())).toEqual([{ field: 'mrn', message: 'The patient is recorded as deceased' }]);
    expect(recordFailure(new VisitError())).toEqual([{ field: 'visit_account_number', message: 'The visit number is taken' }]);
    expect(recordFailure(new ConflictError('clash'))).toEqual([{ field: 'record', message: 'clash' }]);
  });

  it('never repeats what a not-found names (the sender’s MRN)', () => {
    const [failure] = recordFailure(new NotFoundError('Patient', 'hospital-1|MRN-1001'));
    expect(failure.field).toBe('mrn');
    expect(failure.message).not.toContain('MRN-1001');
  });
});
