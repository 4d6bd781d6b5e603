import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppointmentCompleted } from '../../domain/appointment-events.js';
import { assertCan } from '../../domain/appointment-status.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { factsOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { AppointmentTransitions } from '../appointment-transitions.js';
import type { AppointmentView } from '../appointment-view.js';
import { CompleteAppointment } from './complete-appointment.command.js';

/**
 * A started visit is over: the appointment is fulfilled (billing bills its
 * price once, from AppointmentCompleted). Its EMR encounter is the EMR's to
 * finish, with its own rules (notes signed, diagnoses recorded).
 */
@CommandHandler(CompleteAppointment)
export class CompleteAppointmentHandler implements ICommandHandler<CompleteAppointment, AppointmentView> {
  constructor(
    private readonly transitions: AppointmentTransitions,
    private readonly appointments: AppointmentRepository,
  ) {}

  execute({ writer, appointmentId, expectedVersion }: CompleteAppointment): Promise<AppointmentView> {
    return this.transitions.run(writer, appointmentId, 'complete', expectedVersion, async (tx, row) => {
      assertCan(factsOf(row), 'complete');
      const fulfilled = await this.appointments.update(tx.manager, row.id, { status: 'fulfilled' });
      tx.record(new AppointmentCompleted(fulfilled.version, snapshotOf(fulfilled)));
      return fulfilled;
    });
  }
}
