import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { FindPractitioners } from '../../../auth/index.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { type PractitionerProfilePage, practitionerProfileOf } from '../practitioner-profile-view.js';
import { ListPractitioners } from './list-practitioners.query.js';

/**
 * The auth context's doctors (its contract, FindPractitioners), a department
 * filter widened to those holding a schedule there, and each one's
 * departments from their schedules.
 */
@QueryHandler(ListPractitioners)
export class ListPractitionersHandler implements IQueryHandler<ListPractitioners, PractitionerProfilePage> {
  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
  ) {}

  async execute({ filter, page, pageSize }: ListPractitioners): Promise<PractitionerProfilePage> {
    const db = this.uow.manager();
    const department = filter.departmentId
      ? { id: filter.departmentId, alsoUserIds: await this.schedules.practitionersIn(db, filter.departmentId) }
      : undefined;
    const found = await this.queries.execute(
      new FindPractitioners(
        { hospitalId: filter.hospitalId, department, specialty: filter.specialty, status: filter.status },
        page,
        pageSize,
      ),
    );
    const scheduledIn = await this.schedules.departmentsOfEach(
      db,
      found.items.map((p) => p.id),
    );
    return {
      items: found.items.map((p) => practitionerProfileOf(p, scheduledIn.get(p.id) ?? [])),
      page,
      pageSize,
      hasMore: found.hasMore,
    };
  }
}
