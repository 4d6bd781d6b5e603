import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ScheduleCreated } from '../../domain/schedule-events.js';
import { DEFAULT_SLOT_MINUTES, type ScheduleRule } from '../../domain/schedule.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { scheduleSnapshotOf, type ScheduleView, scheduleViewOf } from '../schedule-view.js';
import { CreateSchedule } from './create-schedule.command.js';
import { checkSchedule, mayManage, refusingOutOfScope } from '../schedule-management.js';

@CommandHandler(CreateSchedule)
export class CreateScheduleHandler implements ICommandHandler<CreateSchedule, ScheduleView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async execute({ writer: { actor, principal }, practitionerId, fields }: CreateSchedule): Promise<ScheduleView> {
    return refusingOutOfScope(this.uow, actor, (refuse) =>
      this.uow.run(actor, async (tx) => {
        const practitioner = await this.calendars.practitioner(practitionerId);
        const place = await this.calendars.place(fields.departmentId, practitioner.view.hospitalId);
        if (!mayManage(principal, place.hospitalId, fields.departmentId, practitionerId))
          refuse('Department', fields.departmentId);
        await this.schedules.lockPractitioner(tx.manager, practitionerId);
        const id = uuidv7();
        const candidate: ScheduleRule = {
          id,
          practitionerId,
          departmentId: fields.departmentId,
          slotMinutes: fields.slotMinutes ?? DEFAULT_SLOT_MINUTES,
          effectiveFrom: fields.effectiveFrom,
          effectiveTo: fields.effectiveTo ?? null,
          weeklyHours: fields.weeklyHours,
        };
        checkSchedule(candidate, await this.schedules.ofPractitioners(tx.manager, [practitionerId]));
        const row = await this.schedules.insert(tx.manager, {
          ...candidate,
          hospitalId: place.hospitalId,
          specialty: fields.specialty ?? null,
          priceMinor: fields.priceMinor ?? 0,
          currency: fields.currency,
          createdBy: actor.id,
        });
        tx.record(new ScheduleCreated(scheduleSnapshotOf(row)));
        return scheduleViewOf(row);
      }),
    );
  }
}
