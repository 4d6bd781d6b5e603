import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { DOCTOR_PROFESSIONS } from '../../domain/practitioner-profession.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { FindPractitioners, type PractitionerPage } from './find-practitioners.query.js';

/** One statement; the row past the page only says that another follows. */
@QueryHandler(FindPractitioners)
export class FindPractitionersHandler implements IQueryHandler<FindPractitioners, PractitionerPage> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}

  async execute({ filter, page, pageSize }: FindPractitioners): Promise<PractitionerPage> {
    if (filter.ids?.length === 0) return { items: [], hasMore: false };
    const rows = await this.users.findPractitioners(this.uow.manager(), {
      ...filter,
      professions: DOCTOR_PROFESSIONS,
      offset: (page - 1) * pageSize,
      limit: pageSize + 1,
    });
    return {
      items: rows.slice(0, pageSize).map((row) => ({
        id: row.id,
        displayName: row.display_name,
        specialty: row.specialty,
        hospitalId: row.hospital_id,
        departmentId: row.department_id,
        status: row.status,
      })),
      hasMore: rows.length > pageSize,
    };
  }
}
