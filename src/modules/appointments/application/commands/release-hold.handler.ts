import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { AppointmentRuleError } from '../../domain/appointment-errors.js';
import { AppointmentHoldReleased } from '../../domain/appointment-events.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { mayActOn, refusedAppointmentAccess } from '../appointment-access.js';
import { scopeOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { ReleaseHold } from './release-hold.command.js';

/** A hold released by a booker in scope; one already booked is a booking now (409), one lapsed is gone already. */
@CommandHandler(ReleaseHold)
export class ReleaseHoldHandler implements ICommandHandler<ReleaseHold, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appointments: AppointmentRepository,
  ) {}

  async execute({ writer: { actor, principal }, holdId }: ReleaseHold): Promise<void> {
    let refused = false;
    try {
      await this.uow.run(actor, async (tx) => {
        const row = await this.appointments.find(tx.manager, holdId, true);
        // An appointment made without a hold is not one: it is cancelled, never "released".
        if (!row || row.hold_expires_at === null) throw new NotFoundError('AppointmentHold', holdId);
        if (!mayActOn(principal, 'book', scopeOf(row))) {
          refused = true;
          throw new NotFoundError('AppointmentHold', holdId);
        }
        if (row.status === 'cancelled') return;
        if (row.status !== 'proposed') {
          throw new AppointmentRuleError(
            'APPOINTMENT.INVALID_STATUS_TRANSITION',
            'The hold became a booking; cancel it instead.',
            {
              appointmentId: row.id,
              currentStatus: row.status,
              action: 'release',
            },
          );
        }
        const released = await this.appointments.update(tx.manager, holdId, {
          status: 'cancelled',
          cancellationReason: 'hold released',
        });
        tx.record(new AppointmentHoldReleased(released.version, snapshotOf(released), false));
      });
    } catch (error) {
      if (refused) await this.uow.record(actor, refusedAppointmentAccess(actor, 'appointments:book', 'AppointmentHold', holdId));
      throw error;
    }
  }
}
