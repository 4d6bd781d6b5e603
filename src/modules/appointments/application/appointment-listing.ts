import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { decidePatientRecord, type PatientScopedRecord, patientScopeConditions } from '@hms/authz';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { FindPatientLabels, PatientDataAccess, type PatientLabel, type PatientReader } from '../../patients/index.js';
import { encodeAppointmentCursor } from '../domain/appointment-cursor.js';
import type { AppointmentRow } from '../infrastructure/appointment-row.js';
import { AppointmentRepository } from '../infrastructure/appointment.repository.js';
import { APPOINTMENT_SCOPE_COLUMNS, APPOINTMENTS } from './appointment-data-kind.js';
import { appointmentViewOf } from './appointment-view.js';
import type { AppointmentPage } from './listed-appointment-view.js';
import { PractitionerCalendars } from './practitioner-calendars.js';

export type AppointmentListFilter = Omit<Parameters<AppointmentRepository['list']>[1], 'limit'>;

type ListedRow = PatientScopedRecord & { readonly row: AppointmentRow & { start_key: string } };

/**
 * A page of appointments within the reader's appointments:read scopes,
 * filtered in SQL through the patient-access contract: each appointment of a
 * patient served is audited (one PatientDataAccessed per patient on the page,
 * naming the appointments, ADR 34). A hold made before its patient was named
 * holds a practitioner's time but no patient data: it is listed under the
 * same scopes without an access event. Patients' names and MRNs come from
 * the patients context, for those the reader's patients:read covers.
 */
@Injectable()
export class AppointmentListing {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: PractitionerCalendars,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async page(reader: PatientReader, filter: AppointmentListFilter, limit: number): Promise<AppointmentPage> {
    let page: (AppointmentRow & { start_key: string })[] = [];
    let hasMore = false;
    await this.patientAccess.list<ListedRow>(
      reader,
      APPOINTMENTS,
      APPOINTMENT_SCOPE_COLUMNS,
      async (scope) => {
        const rows = await this.appointments.list(this.uow.manager(), { ...filter, limit }, scope);
        // The row past the page only tells that another follows: it is neither served nor audited.
        hasMore = rows.length > limit;
        page = rows.slice(0, limit);
        return page.filter((row) => row.patient_id !== null).map((row) => ({ ...scopeOf(row, row.patient_id!), row }));
      },
      1,
      { recordIdOf: (listed) => listed.row.id },
    );
    // The SQL and the per-record rule render one value; a hold they disagree on is a bug, never served.
    const conditions = patientScopeConditions(reader.principal, APPOINTMENTS.resource);
    for (const row of page) {
      if (row.patient_id === null && !decidePatientRecord(conditions, scopeOf(row, '')).allowed) {
        throw new Error(`${APPOINTMENTS.resourceType}: the list query returned a hold outside the reader's scope`);
      }
    }
    const patientIds = [...new Set(page.flatMap((row) => (row.patient_id ? [row.patient_id] : [])))];
    const labels: ReadonlyMap<string, PatientLabel> =
      patientIds.length > 0 ? await this.queries.execute(new FindPatientLabels(reader, patientIds)) : new Map();
    const zones = new Map<string, string>();
    const items = [];
    for (const row of page) {
      const zone = zones.get(row.hospital_id) ?? (await this.calendars.zoneOf(row.hospital_id));
      zones.set(row.hospital_id, zone);
      items.push({ ...appointmentViewOf(row, zone), patient: (row.patient_id ? labels.get(row.patient_id) : undefined) ?? null });
    }
    const last = page[page.length - 1];
    return { items, nextCursor: hasMore && last ? encodeAppointmentCursor({ start: last.start_key, id: last.id }) : null };
  }
}

function scopeOf(row: AppointmentRow, patientId: string): PatientScopedRecord {
  return {
    patientId,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    responsibleUserIds: row.responsible_user_ids,
  };
}
