import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ResolvePatientAccess } from '../../../patients/index.js';
import { decodeAppointmentCursor } from '../../domain/appointment-cursor.js';
import { AppointmentListing } from '../appointment-listing.js';
import type { AppointmentPage } from '../listed-appointment-view.js';
import { ListAppointments } from './list-appointments.query.js';

@QueryHandler(ListAppointments)
export class ListAppointmentsHandler implements IQueryHandler<ListAppointments, AppointmentPage> {
  constructor(
    private readonly queries: QueryBus,
    private readonly listing: AppointmentListing,
  ) {}

  async execute({ reader, filter }: ListAppointments): Promise<AppointmentPage> {
    const after = filter.cursor === undefined ? undefined : decodeAppointmentCursor(filter.cursor);
    let patientIds: string[] | undefined;
    if (filter.patientId) {
      // Asks which records stand for the patient (ids only, nothing served): an unknown id simply matches nothing.
      const patient = await this.queries.execute(new ResolvePatientAccess(reader, filter.patientId, { withMerged: true }));
      patientIds = [...new Set([filter.patientId, ...(patient.found ? patient.patientIds : [])])];
    }
    return this.listing.page(
      reader,
      {
        practitionerId: filter.practitionerId,
        patientIds,
        departmentId: filter.departmentId,
        statuses: filter.statuses,
        from: filter.from,
        to: filter.to,
        after,
      },
      filter.limit,
    );
  }
}
