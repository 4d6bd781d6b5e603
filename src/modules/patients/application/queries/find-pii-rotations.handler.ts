import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PiiRotationRemainingRows } from '../../infrastructure/pii-rotation-remaining-rows.js';
import { PiiRotationRepository } from '../../infrastructure/pii-rotation.repository.js';
import { toPiiRotationView, type PiiRotationView } from '../pii-rotation-view.js';
import { FindPiiRotations } from './find-pii-rotations.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(FindPiiRotations)
export class FindPiiRotationsHandler implements IQueryHandler<FindPiiRotations, PiiRotationView[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly rotations: PiiRotationRepository,
    private readonly remainingRows: PiiRotationRemainingRows,
  ) {}

  async execute({ limit }: FindPiiRotations): Promise<PiiRotationView[]> {
    const db = this.uow.manager();
    const rows = await this.rotations.list(db, limit);
    // One count per (kind, target): rotations to the same key share it.
    const remaining = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.kind}\u0000${row.target_key_id}`;
      if (!remaining.has(key)) remaining.set(key, await this.remainingRows.count(db, row.kind, row.target_key_id));
    }
    return rows.map((row) => toPiiRotationView(row, remaining.get(`${row.kind}\u0000${row.target_key_id}`)!));
  }
}
