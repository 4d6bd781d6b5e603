import {
  AccessDenied,
  decidePatientRecord,
  opensNothing,
  type PatientScopeColumns,
  type PatientScopeConditions,
  type PatientScopedRecord,
  patientScopeConditions,
  patientScopeSql,
  type SqlFilter,
} from '@hms/authz';
import { type Actor, type DomainEvent, NotFoundError } from '@hms/ddd';
import { Logger } from '@nestjs/common';
import type { QueryBus } from '@nestjs/cqrs';
import { recordedReadSql, type SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import { PatientDataAccessed, type ServedPatientData } from '../domain/patient-data-accessed.event.js';
import type { PatientReader } from './patient-reader.js';
import { ResolvePatientAccess } from './queries/resolve-patient-access.query.js';
import { settleRecordedRead } from './recorded-read.js';

/** Where access events go: the asking context's UnitOfWork fits. */
export interface AccessRecorder {
  record(actor: Actor, ...events: DomainEvent<unknown>[]): Promise<void>;
  recordedRead<R extends { access_recorded: boolean }>(
    actor: Actor,
    events: readonly DomainEvent<unknown>[],
    statement: (stamped: readonly DomainEvent<unknown>[]) => SqlStatement,
  ): Promise<R[]>;
  /** Where the record's statement runs when it records nothing itself. */
  manager(): { query<R>(sql: string, params?: unknown[]): Promise<R> };
}

/**
 * A record loaded by one statement that also writes its access event (ADR
 * 29): the SELECT by the current patient id (at most one row), the row's
 * columns the scopes are tested on (as `r.<column>`), and the record a row is.
 */
export interface RecordedLoad<T extends PatientScopedRecord> {
  statement(currentPatientId: string): SqlStatement;
  readonly columns: PatientScopeColumns;
  toRecord(row: Record<string, unknown>): T;
}

/** A row of another context's table with the scope columns written with it (ADR 16). */
export interface ScopedRowColumns {
  readonly hospital_id: string;
  readonly department_id: string;
  readonly responsible_user_ids: string[];
}

/**
 * The RecordedLoad of one row by id whose statement selects it with
 * `$n::uuid AS current_patient_id`: the current record stands for the row's
 * patient in the scope test (a grant names the current record), and the row
 * is served as it was read.
 */
export function currentPatientLoad<Row extends ScopedRowColumns>(
  statement: (currentPatientId: string) => SqlStatement,
): RecordedLoad<PatientScopedRecord & { readonly row: Row }> {
  return {
    statement,
    columns: {
      patientId: 'r.current_patient_id',
      hospitalId: 'r.hospital_id',
      departmentId: 'r.department_id',
      responsibleUserIds: 'r.responsible_user_ids',
    },
    toRecord: (loaded) => {
      const row = loaded as unknown as Row & { current_patient_id: string };
      return {
        patientId: row.current_patient_id,
        hospitalId: row.hospital_id,
        departmentId: row.department_id,
        responsibleUserIds: row.responsible_user_ids,
        row,
      };
    },
  };
}

/** How a read is recorded: `asOf` names the instant of a record read as it stood then. */
export interface ReadOptions {
  readonly asOf?: Date;
}

/** What a context serves: the permission resource whose scopes apply (`lab-results`), and its audit name (`lab.results`). */
export interface PatientDataKind {
  readonly resource: string;
  readonly resourceType: string;
  /**
   * Records about the patient rather than one visit (allergies, the problem list): besides the scopes
   * over each record's own columns, a reader whose scopes of `resource` reach the patient itself (its
   * hospitals, departments, care links) reads all of them, wherever they were filed. A clinician who may
   * treat the patient must not miss an allergy because another department recorded it.
   */
  readonly patientWide?: boolean;
}

/** Patient-wide records of a list the reader's scopes open through the patient (see PatientDataKind.patientWide). */
export interface PatientWideOpening<T> {
  /** The patients whose patient-wide records are open to the reader: `patientIds` of an answer whose `patientWideOpen` is true, else none. */
  readonly patientIds: readonly string[];
  /** Which rows are patient-wide, for a list of several kinds; without it, every row of a patient-wide kind is. */
  readonly appliesTo?: (row: T) => boolean;
}

/** The patient ids whose patient-wide records an answer opens. */
export function patientWideIdsOf(answer: { readonly patientWideOpen: boolean; readonly patientIds: readonly string[] }) {
  return answer.patientWideOpen ? answer.patientIds : [];
}

/**
 * The one way a clinical context serves a patient's data: check, audit,
 * answer. A record out of the reader's scope answers NotFound, like a
 * missing one, and the refusal is audited; a record served is audited
 * before it leaves, with the grant that alone opened it. Built by the
 * asking handler from its QueryBus and UnitOfWork.
 */
export class PatientDataAccess {
  private readonly logger = new Logger(PatientDataAccess.name);

  constructor(
    private readonly queries: QueryBus,
    private readonly recorder: AccessRecorder,
  ) {}

  /**
   * The patient's record of this kind, loaded by the current patient id (a
   * merged id resolves to the record it was merged into). Two round trips:
   * the patient's access, then the record and its access event in one
   * statement (ADR 29). A reader holding a break-the-glass grant for the
   * patient takes three: the event must name the grant when it alone opened
   * the record, which needs the record first.
   */
  async read<T extends PatientScopedRecord>(
    reader: PatientReader,
    patientId: string,
    kind: PatientDataKind,
    load: RecordedLoad<T>,
    options: ReadOptions = {},
  ): Promise<T> {
    const patient = await this.queries.execute(new ResolvePatientAccess(reader, patientId, resolveOptionsOf(kind)));
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError(kind.resourceType, patientId);
    const currentPatientId = patient.currentPatientId;
    const conditions = conditionsFor(reader, kind, patient.patientWideOpen ? [currentPatientId] : []);
    const accessed = (emergencyGrantId: string | null) =>
      new PatientDataAccessed({
        patientId: currentPatientId,
        resourceType: kind.resourceType,
        access: 'read',
        purposeOfUse: reader.purposeOfUse,
        emergencyGrantId,
        requestedPatientId: patientId,
        asOf: options.asOf?.toISOString() ?? null,
      });
    if (conditions.emergencyGrants.some((g) => g.patientId === currentPatientId)) {
      const record = await this.loadOnly(load, currentPatientId);
      if (!record) throw new NotFoundError(kind.resourceType, patientId);
      const decision = decidePatientRecord(conditions, record);
      if (!decision.allowed) return this.refuse(reader, patientId, kind);
      // Recorded before the data leaves: a read that cannot be audited is not served.
      await this.recorder.record(reader.actor, accessed(decision.emergencyGrantId));
      return record;
    }
    const access = accessed(null);
    const [row] = await this.recorder.recordedRead<Record<string, unknown> & { access_recorded: boolean }>(
      reader.actor,
      [access],
      (events) =>
        recordedReadSql(load.statement(currentPatientId), (first) => patientScopeSql(conditions, load.columns, first), events),
    );
    if (!row) throw new NotFoundError(kind.resourceType, patientId);
    const record = load.toRecord(row);
    const { allowed } = decidePatientRecord(conditions, record);
    await settleRecordedRead(this.logger, allowed, row.access_recorded, () => this.recorder.record(reader.actor, access));
    if (!allowed) return this.refuse(reader, patientId, kind);
    return record;
  }

  /**
   * The scope decision a read would take, serving nothing and recording no
   * access: out of scope is refused (NotFound) and audited as a read's
   * refusal is; a record in scope returns. For a read that turns out to have
   * nothing to serve (a record asked as of an instant before it existed),
   * whose refusal must still be audited.
   */
  async decide<T extends PatientScopedRecord>(
    reader: PatientReader,
    patientId: string,
    kind: PatientDataKind,
    load: RecordedLoad<T>,
  ): Promise<void> {
    const patient = await this.queries.execute(new ResolvePatientAccess(reader, patientId, resolveOptionsOf(kind)));
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError(kind.resourceType, patientId);
    const record = await this.loadOnly(load, patient.currentPatientId);
    if (!record) throw new NotFoundError(kind.resourceType, patientId);
    const conditions = conditionsFor(reader, kind, patient.patientWideOpen ? [patient.currentPatientId] : []);
    if (!decidePatientRecord(conditions, record).allowed) {
      await this.refuse(reader, patientId, kind);
    }
  }

  private async loadOnly<T extends PatientScopedRecord>(load: RecordedLoad<T>, currentPatientId: string) {
    const { sql, params } = load.statement(currentPatientId);
    const [row] = await this.recorder.manager().query<Record<string, unknown>[]>(sql, params);
    return row ? load.toRecord(row) : undefined;
  }

  private async refuse(reader: PatientReader, patientId: string, kind: PatientDataKind): Promise<never> {
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

  /**
   * A list of this kind filtered in SQL by the reader's scopes: `query`
   * gets the WHERE fragment over `columns` (placeholders from `firstParam`)
   * and runs it. Each row served is audited like a read, under the kind's
   * resource type or the one `resourceTypeOf` names for the row (a list of
   * several kinds). With `recordIdOf`, one event stands for every record of
   * one patient, resource type and grant served by this call, naming them
   * in `recordIds` (ADR 34): a page of fifty entries is then a few events,
   * and the trail still says which records were seen. With `patientWide`,
   * the patient-wide records of the patients it names are open too: for a
   * patient-wide kind through the scope given to `query`; for a list of
   * several kinds, `query` is told (`patientWideOpen`) and applies it to
   * the kinds `appliesTo` names.
   */
  async list<T extends PatientScopedRecord>(
    reader: PatientReader,
    kind: PatientDataKind,
    columns: PatientScopeColumns,
    query: (scope: SqlFilter, patientWideOpen: boolean) => Promise<T[]>,
    firstParam = 1,
    options: {
      resourceTypeOf?: (row: T) => string;
      recordIdOf?: (row: T) => string;
      patientWide?: PatientWideOpening<T>;
    } = {},
  ): Promise<T[]> {
    const opened = options.patientWide?.patientIds ?? [];
    const appliesTo = options.patientWide?.appliesTo;
    const conditions = patientScopeConditions(reader.principal, kind.resource);
    // A patient-wide kind opens its patients' rows through the SQL scope itself.
    const listed = kind.patientWide && !appliesTo ? conditionsFor(reader, kind, opened) : conditions;
    if (opensNothing(listed) && opened.length === 0) return [];
    const rows = await query(patientScopeSql(listed, columns, firstParam), opened.length > 0);
    const resourceTypeOf = options.resourceTypeOf ?? (() => kind.resourceType);
    const served = new Map<string, { access: ServedPatientData; recordIds: string[] }>();
    rows.forEach((row, i) => {
      const widelyOpen = appliesTo !== undefined && appliesTo(row) && opened.includes(row.patientId);
      const decision = widelyOpen ? { allowed: true, emergencyGrantId: null } : decidePatientRecord(listed, row);
      // The SQL and the per-record rule render one value; a row they disagree on is a bug, never served.
      if (!decision.allowed) throw new Error(`${kind.resourceType}: the list query returned a row outside the reader's scope`);
      const access: ServedPatientData = {
        patientId: row.patientId,
        resourceType: resourceTypeOf(row),
        access: 'list',
        purposeOfUse: reader.purposeOfUse,
        emergencyGrantId: decision.emergencyGrantId,
      };
      const key = options.recordIdOf ? `${access.patientId}|${access.resourceType}|${access.emergencyGrantId ?? ''}` : String(i);
      const group = served.get(key) ?? { access, recordIds: [] };
      if (options.recordIdOf) group.recordIds.push(options.recordIdOf(row));
      served.set(key, group);
    });
    if (served.size > 0) {
      await this.recorder.record(
        reader.actor,
        ...[...served.values()].map(
          ({ access, recordIds }) => new PatientDataAccessed(options.recordIdOf ? { ...access, recordIds } : access),
        ),
      );
    }
    return rows;
  }
}

const resolveOptionsOf = (kind: PatientDataKind) => (kind.patientWide ? { patientWide: kind.resource } : {});

/** The reader's scopes of the kind, with the patient-wide records of `openPatientIds` open when the kind is patient-wide. */
function conditionsFor(reader: PatientReader, kind: PatientDataKind, openPatientIds: readonly string[]): PatientScopeConditions {
  const conditions = patientScopeConditions(reader.principal, kind.resource);
  return kind.patientWide && openPatientIds.length > 0 ? { ...conditions, openPatientIds } : conditions;
}
