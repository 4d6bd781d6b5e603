import { DomainError } from '@hms/ddd';

/** The encounter already has a primary diagnosis that is neither refuted nor entered in error. */
export class PrimaryDiagnosisTakenError extends DomainError<'EMR.PRIMARY_DIAGNOSIS_TAKEN'> {
  readonly code = 'EMR.PRIMARY_DIAGNOSIS_TAKEN' as const;
  override readonly fields = [{ field: 'primary', message: 'the encounter already has a primary diagnosis' }];

  constructor(encounterId: string) {
    super('The encounter already has a primary diagnosis; make that one secondary first. Nothing was recorded.', {
      encounterId,
    });
  }
}

/** A catalogue is loaded and the code is not in it: well formed, but not a code this hospital uses. */
export class UnknownDiagnosisCodeError extends DomainError<'EMR.UNKNOWN_DIAGNOSIS_CODE'> {
  readonly code = 'EMR.UNKNOWN_DIAGNOSIS_CODE' as const;
  override readonly fields = [{ field: 'code', message: 'code is not in the loaded ICD-10 catalogue' }];

  constructor(code: string) {
    super('The code is not in the ICD-10 catalogue loaded for this installation. Nothing was recorded.', { code });
  }
}

/** Entered in error is final: the record stays as it was marked, and a correction is a new record. */
export class ConditionEnteredInErrorError extends DomainError<'EMR.CONDITION_ENTERED_IN_ERROR'> {
  readonly code = 'EMR.CONDITION_ENTERED_IN_ERROR' as const;

  constructor(resourceType: 'Diagnosis' | 'Problem', id: string) {
    super(`The ${resourceType.toLowerCase()} was marked entered-in-error; it no longer changes. Record a new one.`, {
      resourceType,
      id,
    });
  }
}

/** Searching the code catalogue needs emr:read or emr:write, in any scope. */
export class CodeSearchPermissionError extends DomainError<'EMR.PERMISSION_REQUIRED'> {
  readonly code = 'EMR.PERMISSION_REQUIRED' as const;

  constructor() {
    super('Searching diagnosis codes requires the permission emr:read or emr:write', {
      permission: 'emr:read or emr:write',
    });
  }
}
