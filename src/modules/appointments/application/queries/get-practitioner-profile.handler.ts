import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { FindPractitioners } from '../../../auth/index.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { type PractitionerProfileView, practitionerProfileOf } from '../practitioner-profile-view.js';
import { GetPractitionerProfile } from './get-practitioner-profile.query.js';

@QueryHandler(GetPractitionerProfile)
export class GetPractitionerProfileHandler implements IQueryHandler<GetPractitionerProfile, PractitionerProfileView> {
  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
  ) {}

  async execute({ practitionerId }: GetPractitionerProfile): Promise<PractitionerProfileView> {
    const [practitioner] = (await this.queries.execute(new FindPractitioners({ ids: [practitionerId] }, 1, 1))).items;
    if (!practitioner) throw new NotFoundError('Practitioner', practitionerId);
    return practitionerProfileOf(practitioner, await this.schedules.departmentsOf(this.uow.manager(), practitionerId));
  }
}
