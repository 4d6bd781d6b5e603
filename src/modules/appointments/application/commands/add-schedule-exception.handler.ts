import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, type InvalidField, NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ScheduleExceptionAdded } from '../../domain/schedule-events.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { exceptionSnapshotOf, exceptionViewOf, type ScheduleExceptionView } from '../schedule-view.js';
import { AddScheduleException } from './add-schedule-exception.command.js';
import { mayManage, refusingOutOfScope } from '../schedule-management.js';

@CommandHandler(AddScheduleException)
export class AddScheduleExceptionHandler implements ICommandHandler<AddScheduleException, ScheduleExceptionView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async execute({ writer: { actor, principal }, practitionerId, fields }: AddScheduleException): Promise<ScheduleExceptionView> {
    const errors: InvalidField[] = [];
    if (fields.end <= fields.start) errors.push({ field: 'end', message: 'end must be after start' });
    if (fields.kind === 'extra' && !fields.departmentId) {
      errors.push({ field: 'departmentId', message: 'an extra session is held in a department' });
    }
    if (fields.kind !== 'extra' && fields.departmentId) {
      errors.push({ field: 'departmentId', message: 'leave and blocked periods cover every department; leave it out' });
    }
    if (errors.length > 0) throw new InvalidInputError('The exception has invalid fields; see errors.', errors);
    return refusingOutOfScope(this.uow, actor, (refuse) =>
      this.uow.run(actor, async (tx) => {
        const practitioner = await this.calendars.practitioner(practitionerId);
        const departmentId = fields.departmentId ?? practitioner.view.departmentId ?? practitioner.departmentIds[0];
        if (!departmentId) throw new NotFoundError('Department', practitionerId);
        const place = await this.calendars.place(departmentId, practitioner.view.hospitalId);
        // Leave is the practitioner's: whoever manages one of their departments keeps it.
        const departments = fields.departmentId ? [fields.departmentId] : practitioner.departmentIds;
        if (!departments.some((d) => mayManage(principal, place.hospitalId, d, practitionerId)))
          refuse('Practitioner', practitionerId);
        const row = await this.schedules.insertException(tx.manager, {
          id: uuidv7(),
          practitionerId,
          hospitalId: place.hospitalId,
          departmentId: fields.departmentId ?? null,
          kind: fields.kind,
          start: fields.start,
          end: fields.end,
          reason: fields.reason ?? null,
          createdBy: actor.id,
        });
        tx.record(new ScheduleExceptionAdded(exceptionSnapshotOf(row)));
        return exceptionViewOf(row, place.zone);
      }),
    );
  }
}
