import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import {
  currentPatientLoad,
  type PatientDataAccess,
  type PatientDataKind,
  type PatientReader,
  type ReadOptions,
  type ScopedRowColumns,
} from '../../patients/index.js';

/** A row of an EMR table with the scope columns written with it (ADR 16). */
export type ScopedRow = ScopedRowColumns;

/** A record loaded with the scope attributes its read is decided on. */
export type LoadedRecord<Row> = PatientScopedRecord & { readonly row: Row };

/**
 * One EMR record by id through the patient-access contract (ADR 29): the
 * record and its access event in one statement, by the patient it is filed
 * under (`filedUnder`, an id that serves nothing) or the record that patient
 * was merged into. `statement` selects the row with `$2::uuid AS
 * current_patient_id`, which stands for the record's patient in the scope
 * test (a grant names the current record). Out of scope answers the same
 * 404 as a missing record, audited by the contract; the 404 names the record
 * asked for (`resourceType`, `id`), never its patient.
 */
export async function readFiledRecord<Row extends ScopedRow>(
  access: PatientDataAccess,
  reader: PatientReader,
  kind: PatientDataKind,
  asked: { readonly resourceType: string; readonly id: string },
  filedUnder: string,
  statement: (currentPatientId: string) => SqlStatement,
  options: ReadOptions = {},
): Promise<LoadedRecord<Row>> {
  return namingTheRecord(asked, () =>
    access.read<LoadedRecord<Row>>(reader, filedUnder, kind, currentPatientLoad<Row>(statement), options),
  );
}

/**
 * A read with nothing to serve (a record asked as of an instant before it
 * existed): the same 404 whatever the scope, the refusal audited when the
 * record is out of the reader's scope, no access event otherwise.
 */
export async function refuseFiledRecord<Row extends ScopedRow>(
  access: PatientDataAccess,
  reader: PatientReader,
  kind: PatientDataKind,
  asked: { readonly resourceType: string; readonly id: string },
  filedUnder: string,
  statement: (currentPatientId: string) => SqlStatement,
): Promise<never> {
  await namingTheRecord(asked, () => access.decide(reader, filedUnder, kind, currentPatientLoad<Row>(statement)));
  throw new NotFoundError(asked.resourceType, asked.id);
}

async function namingTheRecord<T>(
  asked: { readonly resourceType: string; readonly id: string },
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    // The contract's 404 names the patient; this one names only what was asked.
    if (error instanceof NotFoundError) throw new NotFoundError(asked.resourceType, asked.id);
    throw error;
  }
}
