import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppointmentCancelled } from '../../domain/appointment-events.js';
import { cancellationFee, type Fee } from '../../domain/appointment-status.js';
import { AppointmentMetrics } from '../../infrastructure/appointment-metrics.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { factsOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { AppointmentTransitions } from '../appointment-transitions.js';
import type { AppointmentView } from '../appointment-view.js';
import { CancelAppointment } from './cancel-appointment.command.js';

/**
 * Cancels before the start, fixing the fee tier by the time left (free
 * more than two hours ahead, half the price from then on) on the locked
 * row: a second cancel, however close behind, finds it cancelled and is
 * refused (409) without writing, so no fee is fixed twice.
 */
@CommandHandler(CancelAppointment)
export class CancelAppointmentHandler implements ICommandHandler<CancelAppointment, AppointmentView> {
  constructor(
    private readonly transitions: AppointmentTransitions,
    private readonly appointments: AppointmentRepository,
    private readonly metrics: AppointmentMetrics,
  ) {}

  async execute({ writer, appointmentId, expectedVersion, reason }: CancelAppointment): Promise<AppointmentView> {
    const now = new Date();
    let tier: Fee['percent'] = 0;
    const view = await this.transitions.run(writer, appointmentId, 'cancel', expectedVersion, async (tx, row) => {
      const fee = cancellationFee(factsOf(row), Number(row.price_minor), now);
      tier = fee.percent;
      const cancelled = await this.appointments.update(tx.manager, row.id, {
        status: 'cancelled',
        cancellationReason: reason,
        fee,
      });
      tx.record(
        new AppointmentCancelled(cancelled.version, snapshotOf(cancelled), { feePercent: fee.percent, feeMinor: fee.minor }),
      );
      return cancelled;
    });
    // Counted once committed: a cancel refused or rolled back fixed no fee.
    this.metrics.cancelled(tier);
    return view;
  }
}
