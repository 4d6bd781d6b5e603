import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { GetMe, type MeView } from './get-me.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(GetMe)
export class GetMeHandler implements IQueryHandler<GetMe, MeView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}

  async execute({ principal }: GetMe): Promise<MeView> {
    const user = await this.users.findById(this.uow.manager(), principal.userId);
    if (!user) throw new NotFoundError('User', principal.userId);
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      status: user.status,
      hospitalId: user.hospital_id,
      departmentId: user.department_id,
      profession: user.profession,
      specialty: user.specialty,
      licenceNumber: user.licence_number,
      roles: [...principal.roles].sort(),
      permissions: [...principal.permissions].sort(),
      emergencyAccess: principal.emergencyGrants
        .filter((g) => g.expiresAt > new Date())
        .map((g) => ({ grantId: g.grantId, patientId: g.patientId, expiresAt: g.expiresAt })),
      sessionId: principal.sessionId,
    };
  }
}
