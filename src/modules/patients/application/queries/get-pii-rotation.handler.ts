import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { PiiRotationRemainingRows } from '../../infrastructure/pii-rotation-remaining-rows.js';
import { PiiRotationRepository } from '../../infrastructure/pii-rotation.repository.js';
import { toPiiRotationView, type PiiRotationView } from '../pii-rotation-view.js';
import { GetPiiRotation } from './get-pii-rotation.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(GetPiiRotation)
export class GetPiiRotationHandler implements IQueryHandler<GetPiiRotation, PiiRotationView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly rotations: PiiRotationRepository,
    private readonly remainingRows: PiiRotationRemainingRows,
  ) {}

  async execute({ rotationId, countRemaining }: GetPiiRotation): Promise<PiiRotationView> {
    const db = this.uow.manager();
    const row = await this.rotations.findById(db, rotationId);
    if (!row) throw new NotFoundError('PiiRotation', rotationId);
    return toPiiRotationView(row, countRemaining ? await this.remainingRows.count(db, row.kind, row.target_key_id) : null);
  }
}
