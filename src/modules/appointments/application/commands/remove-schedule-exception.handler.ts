import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ScheduleExceptionRemoved } from '../../domain/schedule-events.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { exceptionSnapshotOf } from '../schedule-view.js';
import { RemoveScheduleException } from './remove-schedule-exception.command.js';
import { mayManage, refusingOutOfScope } from '../schedule-management.js';

@CommandHandler(RemoveScheduleException)
export class RemoveScheduleExceptionHandler implements ICommandHandler<RemoveScheduleException, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async execute({ writer: { actor, principal }, exceptionId }: RemoveScheduleException): Promise<void> {
    await refusingOutOfScope(this.uow, actor, (refuse) =>
      this.uow.run(actor, async (tx) => {
        const row = await this.schedules.findException(tx.manager, exceptionId, true);
        if (!row) throw new NotFoundError('ScheduleException', exceptionId);
        const departments = row.department_id
          ? [row.department_id]
          : (await this.calendars.practitioner(row.practitioner_id)).departmentIds;
        if (!departments.some((d) => mayManage(principal, row.hospital_id, d, row.practitioner_id))) {
          refuse('ScheduleException', exceptionId);
        }
        await this.schedules.deleteException(tx.manager, exceptionId);
        tx.record(new ScheduleExceptionRemoved(exceptionSnapshotOf(row)));
      }),
    );
  }
}
