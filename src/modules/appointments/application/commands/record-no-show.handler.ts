import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppointmentNoShow } from '../../domain/appointment-events.js';
import { noShowFee } from '../../domain/appointment-status.js';
import { AppointmentMetrics } from '../../infrastructure/appointment-metrics.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { factsOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { AppointmentTransitions } from '../appointment-transitions.js';
import type { AppointmentView } from '../appointment-view.js';
import { RecordNoShow } from './record-no-show.command.js';

/** A booked patient who did not come: from 15 minutes after the start, the whole price as the fee, fixed once. */
@CommandHandler(RecordNoShow)
export class RecordNoShowHandler implements ICommandHandler<RecordNoShow, AppointmentView> {
  constructor(
    private readonly transitions: AppointmentTransitions,
    private readonly appointments: AppointmentRepository,
    private readonly metrics: AppointmentMetrics,
  ) {}

  async execute({ writer, appointmentId, expectedVersion }: RecordNoShow): Promise<AppointmentView> {
    const now = new Date();
    const view = await this.transitions.run(writer, appointmentId, 'no-show', expectedVersion, async (tx, row) => {
      const fee = noShowFee(factsOf(row), Number(row.price_minor), now);
      const missed = await this.appointments.update(tx.manager, row.id, { status: 'noshow', fee });
      tx.record(new AppointmentNoShow(missed.version, snapshotOf(missed), { feePercent: fee.percent, feeMinor: fee.minor }));
      return missed;
    });
    this.metrics.noShow();
    return view;
  }
}
