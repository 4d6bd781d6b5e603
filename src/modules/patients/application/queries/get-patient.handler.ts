import { Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { abilityToSql } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { recordedReadSql } from '../../../../infrastructure/events/outbox-writer.js';
import { LOADED_PATIENT_SCOPE_SQL, type PatientRowWithLinks, toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRecordUnreadable } from '../../domain/patient-record-unreadable.event.js';
import { PatientUnreadableError } from '../../domain/patient-unreadable.error.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { holdsGrantFor, outOfScope, readDecision, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientReader } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { accessBy, readablePatient } from '../readable-patient.js';
import { settleRecordedRead } from '../recorded-read.js';
import { GetPatient } from './get-patient.query.js';

/**
 * One patient in one round trip (ADR 29): the row with its care links and,
 * when the reader's scope (rendered in SQL over that row) admits it, the
 * access event, in one statement. The same scope decides again in memory;
 * out of scope answers 404 like a missing id, and the refusal is audited. A
 * reader holding a break-the-glass grant for this patient takes two round
 * trips: whether the grant alone opened the record is named in the event,
 * and that needs the row first. A record that fails its integrity check
 * was opened but not served: its access event is followed by
 * PatientRecordUnreadable.
 */
@QueryHandler(GetPatient)
export class GetPatientHandler implements IQueryHandler<GetPatient, PatientView> {
  private readonly logger = new Logger(GetPatientHandler.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly views: PatientViews,
  ) {}

  async execute({ reader, patientId }: GetPatient): Promise<PatientView> {
    if (holdsGrantFor(reader.principal, patientId)) return this.readUnderGrant(reader, patientId);
    const access = accessBy(reader, patientId, { allowed: true, emergencyGrantId: null }, 'read');
    const [row] = await this.uow.recordedRead<PatientRowWithLinks & { access_recorded: boolean }>(
      reader.actor,
      [access],
      (events) =>
        recordedReadSql(
          this.patients.withLinks(patientId),
          (first) => abilityToSql(reader.ability, 'read', 'patients', LOADED_PATIENT_SCOPE_SQL, first),
          events,
        ),
    );
    if (!row) throw new NotFoundError('Patient', patientId);
    const { allowed } = readDecision(reader.ability, reader.principal, scopedSubjectOf(row));
    await settleRecordedRead(this.logger, allowed, row.access_recorded, () => this.uow.record(reader.actor, access));
    if (!allowed) {
      await this.uow.record(reader.actor, outOfScope(reader.actor.id, patientId, 'patients:read'));
      throw new NotFoundError('Patient', patientId);
    }
    try {
      return this.views.toView(toPatientState(row), reader.principal.permissions, row.external_identifiers);
    } catch (error) {
      // The access event went with the row; the trail must also say that nothing left.
      if (error instanceof PatientUnreadableError) await this.uow.record(reader.actor, new PatientRecordUnreadable(patientId));
      throw error;
    }
  }

  private async readUnderGrant(reader: PatientReader, patientId: string): Promise<PatientView> {
    const { row, decision } = await readablePatient(this.uow.manager(), this.patients, this.uow, reader, patientId);
    const view = this.views.toView(toPatientState(row), reader.principal.permissions, row.external_identifiers);
    // Recorded before the data leaves: a read that cannot be audited is not served.
    await this.uow.record(reader.actor, accessBy(reader, patientId, decision, 'read'));
    return view;
  }
}
