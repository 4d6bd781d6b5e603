import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ScheduleUpdated } from '../../domain/schedule-events.js';
import { ScheduleRepository, type ScheduleChange } from '../../infrastructure/schedule.repository.js';
import { scheduleSnapshotOf, type ScheduleView, scheduleViewOf } from '../schedule-view.js';
import { UpdateSchedule } from './update-schedule.command.js';
import { checkSchedule, mayManage, refusingOutOfScope } from '../schedule-management.js';

@CommandHandler(UpdateSchedule)
export class UpdateScheduleHandler implements ICommandHandler<UpdateSchedule, ScheduleView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
  ) {}

  async execute({ writer: { actor, principal }, scheduleId, expectedVersion, changes }: UpdateSchedule): Promise<ScheduleView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    return refusingOutOfScope(this.uow, actor, (refuse) =>
      this.uow.run(actor, async (tx) => {
        const found = await this.schedules.find(tx.manager, scheduleId);
        if (!found) throw new NotFoundError('Schedule', scheduleId);
        if (!mayManage(principal, found.hospital_id, found.department_id, found.practitioner_id)) refuse('Schedule', scheduleId);
        await this.schedules.lockPractitioner(tx.manager, found.practitioner_id);
        const current = (await this.schedules.find(tx.manager, scheduleId, true))!;
        if (current.version !== expectedVersion) throw new VersionMismatchError('Schedule', expectedVersion, current.version);
        const next: ScheduleChange = {
          specialty: changes.specialty !== undefined ? changes.specialty : current.specialty,
          slotMinutes: changes.slotMinutes ?? current.slot_minutes,
          effectiveFrom: changes.effectiveFrom ?? current.effective_from,
          effectiveTo: changes.effectiveTo !== undefined ? changes.effectiveTo : current.effective_to,
          weeklyHours: changes.weeklyHours ?? current.weekly_hours,
          priceMinor: changes.priceMinor ?? Number(current.price_minor),
          currency: changes.currency ?? current.currency,
        };
        checkSchedule(
          { ...next, id: scheduleId, practitionerId: current.practitioner_id, departmentId: current.department_id },
          await this.schedules.ofPractitioners(tx.manager, [current.practitioner_id]),
        );
        // Appointments already booked keep their time and price: a schedule shapes what is offered next.
        const row = await this.schedules.update(tx.manager, scheduleId, next);
        tx.record(new ScheduleUpdated(row.version, scheduleSnapshotOf(row)));
        return scheduleViewOf(row);
      }),
    );
  }
}
