import {
  AccessDenied,
  decidePatientRecord,
  opensNothing,
  type PatientScopeColumns,
  type PatientScopedRecord,
  patientScopeConditions,
  patientScopeSql,
  type SqlFilter,
} from '@hms/authz';
import { type Actor, type DomainEvent, NotFoundError } from '@hms/ddd';
import type { QueryBus } from '@nestjs/cqrs';
import { PatientDataAccessed } from '../domain/patient-data-accessed.event.js';
import type { PatientReader } from './patient-reader.js';
import { ResolvePatientAccess } from './queries/resolve-patient-access.query.js';

/** Where access events go: the asking context's UnitOfWork fits. */
export interface AccessRecorder {
  record(actor: Actor, ...events: DomainEvent<unknown>[]): Promise<void>;
}

/** What a context serves: the permission resource whose scopes apply (`lab-results`), and its audit name (`lab.results`). */
export interface PatientDataKind {
  readonly resource: string;
  readonly resourceType: string;
}

/**
 * The one way a clinical context serves a patient's data: check, audit,
 * answer. A record out of the reader's scope answers NotFound, like a
 * missing one, and the refusal is audited; a record served is audited
 * before it leaves, with the grant that alone opened it. Built by the
 * asking handler from its QueryBus and UnitOfWork.
 */
export class PatientDataAccess {
  constructor(
    private readonly queries: QueryBus,
    private readonly recorder: AccessRecorder,
  ) {}

  /**
   * The patient's record of this kind, loaded by the current patient id (a
   * merged id resolves to the record it was merged into).
   */
  async read<T extends PatientScopedRecord>(
    reader: PatientReader,
    patientId: string,
    kind: PatientDataKind,
    load: (currentPatientId: string) => Promise<T | undefined>,
  ): Promise<T> {
    const patient = await this.queries.execute(new ResolvePatientAccess(reader, patientId));
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError(kind.resourceType, patientId);
    const record = await load(patient.currentPatientId);
    if (!record) throw new NotFoundError(kind.resourceType, patientId);
    const decision = decidePatientRecord(patientScopeConditions(reader.principal, kind.resource), record);
    if (!decision.allowed) {
      await this.recorder.record(
        reader.actor,
        new AccessDenied({
          userId: reader.actor.id,
          reason: 'out-of-scope',
          permission: `${kind.resource}:read`,
          resourceType: kind.resourceType,
          resourceId: patientId,
        }),
      );
      throw new NotFoundError(kind.resourceType, patientId);
    }
    // Recorded before the data leaves: a read that cannot be audited is not served.
    await this.recorder.record(
      reader.actor,
      new PatientDataAccessed({
        patientId: record.patientId,
        resourceType: kind.resourceType,
        access: 'read',
        purposeOfUse: reader.purposeOfUse,
        emergencyGrantId: decision.emergencyGrantId,
        requestedPatientId: patientId,
      }),
    );
    return record;
  }

  /**
   * A list of this kind filtered in SQL by the reader's scopes: `query`
   * gets the WHERE fragment over `columns` (placeholders from `firstParam`)
   * and runs it. Each row served is audited like a read.
   */
  async list<T extends PatientScopedRecord>(
    reader: PatientReader,
    kind: PatientDataKind,
    columns: PatientScopeColumns,
    query: (scope: SqlFilter) => Promise<T[]>,
    firstParam = 1,
  ): Promise<T[]> {
    const conditions = patientScopeConditions(reader.principal, kind.resource);
    if (opensNothing(conditions)) return [];
    const rows = await query(patientScopeSql(conditions, columns, firstParam));
    const served = rows.map((row) => {
      const decision = decidePatientRecord(conditions, row);
      // The SQL and the per-record rule render one value; a row they disagree on is a bug, never served.
      if (!decision.allowed) throw new Error(`${kind.resourceType}: the list query returned a row outside the reader's scope`);
      return { row, decision };
    });
    if (served.length > 0) {
      await this.recorder.record(
        reader.actor,
        ...served.map(
          ({ row, decision }) =>
            new PatientDataAccessed({
              patientId: row.patientId,
              resourceType: kind.resourceType,
              access: 'list',
              purposeOfUse: reader.purposeOfUse,
              emergencyGrantId: decision.emergencyGrantId,
            }),
        ),
      );
    }
    return served.map(({ row }) => row);
  }
}
