import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied, decidePatientRecord, patientScopeConditions } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { currentPatientLoad, PatientDataAccess, type PatientReader } from '../../../patients/index.js';
import { isoInZone } from '../../domain/wall-clock.js';
import type { AppointmentRow } from '../../infrastructure/appointment-row.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { APPOINTMENTS } from '../appointment-data-kind.js';
import type { AppointmentDetailView } from '../appointment-detail-view.js';
import { appointmentViewOf } from '../appointment-view.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { GetAppointment } from './get-appointment.query.js';

/**
 * One appointment and its history of times. One of a patient is read
 * through the patient-access contract: the row and its access event in one
 * statement (ADR 29), by the patient it was booked under or the record that
 * patient was merged into. A hold not yet naming a patient holds no patient
 * data: the same scopes decide it, with no access event. Out of scope
 * answers the same 404 as a missing appointment, audited as AccessDenied.
 */
@QueryHandler(GetAppointment)
export class GetAppointmentHandler implements IQueryHandler<GetAppointment, AppointmentDetailView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: PractitionerCalendars,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, appointmentId }: GetAppointment): Promise<AppointmentDetailView> {
    const db = this.uow.manager();
    const found = await this.appointments.find(db, appointmentId);
    if (!found) throw new NotFoundError('Appointment', appointmentId);
    const row = found.patient_id === null ? await this.unnamedHold(reader, found) : await this.read(reader, found);
    const [zone, periods] = await Promise.all([this.calendars.zoneOf(row.hospital_id), this.appointments.periodsOf(db, row.id)]);
    return {
      ...appointmentViewOf(row, zone),
      periods: periods.map((p) => ({
        start: new Date(p.start).toISOString(),
        end: new Date(p.end).toISOString(),
        localStart: isoInZone(new Date(p.start), zone),
        localEnd: isoInZone(new Date(p.end), zone),
        recordedAt: new Date(p.recordedAt).toISOString(),
        recordedBy: p.recordedBy,
      })),
    };
  }

  private async read(reader: PatientReader, found: AppointmentRow): Promise<AppointmentRow> {
    const load = currentPatientLoad<AppointmentRow>((currentPatientId) =>
      this.appointments.byIdFor(found.id, currentPatientId, found.patient_id!),
    );
    try {
      return (await this.patientAccess.read(reader, found.patient_id!, APPOINTMENTS, load)).row;
    } catch (error) {
      // The contract's 404 names the patient; this one names only what was asked.
      if (error instanceof NotFoundError) throw new NotFoundError('Appointment', found.id);
      throw error;
    }
  }

  private async unnamedHold(reader: PatientReader, hold: AppointmentRow): Promise<AppointmentRow> {
    const conditions = patientScopeConditions(reader.principal, APPOINTMENTS.resource);
    const scope = {
      patientId: '',
      hospitalId: hold.hospital_id,
      departmentId: hold.department_id,
      responsibleUserIds: hold.responsible_user_ids,
    };
    if (decidePatientRecord(conditions, scope).allowed) return hold;
    await this.uow.record(
      reader.actor,
      new AccessDenied({
        userId: reader.actor.id,
        reason: 'out-of-scope',
        permission: 'appointments:read',
        resourceType: 'Appointment',
        resourceId: hold.id,
      }),
    );
    throw new NotFoundError('Appointment', hold.id);
  }
}
