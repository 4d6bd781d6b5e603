import { DomainError } from '@hms/ddd';

/** The codes this context answers with; each maps to a status in intake.context.ts. */
export type IntakeErrorCode =
  | 'INTAKE.TOO_MANY_RECORDS'
  | 'INTAKE.IDEMPOTENCY_KEY_REUSED'
  | 'INTAKE.HOSPITAL_OUT_OF_SCOPE'
  | 'INTAKE.UNKNOWN_SERVICE_PROVIDER';

/** A JSON feed over INGEST_MAX_RECORDS: larger feeds use the CSV route. */
export class TooManyIntakeRecordsError extends DomainError<'INTAKE.TOO_MANY_RECORDS'> {
  readonly code = 'INTAKE.TOO_MANY_RECORDS' as const;
  constructor(limit: number) {
    super(`A JSON feed holds at most ${limit} records; send larger feeds to POST /api/v1/ingest/csv`, { limit });
  }
}

/** An Idempotency-Key already used for a different feed: repeating a request must repeat it exactly. */
export class IntakeIdempotencyKeyReusedError extends DomainError<'INTAKE.IDEMPOTENCY_KEY_REUSED'> {
  readonly code = 'INTAKE.IDEMPOTENCY_KEY_REUSED' as const;
  constructor(batchId: string) {
    super('This Idempotency-Key was already used for a different feed; use a new key for a new feed', { batchId });
  }
}

/** A sender with intake:submit:hospital sends feeds to their own hospital only. */
export class IntakeHospitalOutOfScopeError extends DomainError<'INTAKE.HOSPITAL_OUT_OF_SCOPE'> {
  readonly code = 'INTAKE.HOSPITAL_OUT_OF_SCOPE' as const;
  override readonly fields = [{ field: 'hospitalId', message: 'hospitalId must be your own hospital' }];
  constructor(hospitalId: string) {
    super('You may send feeds only to your own hospital.', { hospitalId });
  }
}

/** The receiving hospital or the department its visits are filed under does not exist (or is not the hospital's). */
export class UnknownIntakeServiceProviderError extends DomainError<'INTAKE.UNKNOWN_SERVICE_PROVIDER'> {
  readonly code = 'INTAKE.UNKNOWN_SERVICE_PROVIDER' as const;
  constructor(hospitalId: string, departmentId: string) {
    super('No such hospital, or the department is not one of its own', { hospitalId, departmentId });
  }
}
