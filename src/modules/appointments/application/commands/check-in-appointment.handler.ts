import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppointmentCheckedIn } from '../../domain/appointment-events.js';
import { assertCan } from '../../domain/appointment-status.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { factsOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { AppointmentTransitions } from '../appointment-transitions.js';
import type { AppointmentView } from '../appointment-view.js';
import { CheckInAppointment } from './check-in-appointment.command.js';

/** The patient has arrived: booked becomes arrived (FHIR), ready for the practitioner to start the visit. */
@CommandHandler(CheckInAppointment)
export class CheckInAppointmentHandler implements ICommandHandler<CheckInAppointment, AppointmentView> {
  constructor(
    private readonly transitions: AppointmentTransitions,
    private readonly appointments: AppointmentRepository,
  ) {}

  execute({ writer, appointmentId, expectedVersion }: CheckInAppointment): Promise<AppointmentView> {
    return this.transitions.run(writer, appointmentId, 'check-in', expectedVersion, async (tx, row) => {
      assertCan(factsOf(row), 'check-in');
      const arrived = await this.appointments.update(tx.manager, row.id, { status: 'arrived' });
      tx.record(new AppointmentCheckedIn(arrived.version, snapshotOf(arrived)));
      return arrived;
    });
  }
}
