import { Query } from '@nestjs/cqrs';
import type { PatientEditor } from '../patient-reader.js';
import type { PatientAccessAnswer } from './resolve-patient-access.query.js';

/**
 * ResolvePatientAccess for several patients at once (a batch's visits), in
 * one statement unless some were merged: each id's answer, as the single
 * query gives it. Part of the patients context's public contract.
 */
export class ResolvePatientsAccess extends Query<ReadonlyMap<string, PatientAccessAnswer>> {
  constructor(
    readonly reader: Pick<PatientEditor, 'principal' | 'ability'>,
    readonly patientIds: readonly string[],
  ) {
    super();
  }
}
