import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type EmergencyGrantPage, ListEmergencyGrants } from './list-emergency-grants.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

interface GrantRow {
  id: string;
  user_id: string;
  patient_id: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  total: number;
}

/** Every break-the-glass grant, newest first, for auditors. */
@QueryHandler(ListEmergencyGrants)
export class ListEmergencyGrantsHandler implements IQueryHandler<ListEmergencyGrants, EmergencyGrantPage> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ filter }: ListEmergencyGrants): Promise<EmergencyGrantPage> {
    const rows = await this.uow.manager().query<GrantRow[]>(
      `SELECT g.*, count(*) OVER ()::int AS total FROM emergency_access_grants g
        WHERE ($1::uuid IS NULL OR g.user_id = $1) AND ($2::uuid IS NULL OR g.patient_id = $2)
          AND ($3::boolean IS NOT TRUE OR g.expires_at > now())
        ORDER BY g.granted_at DESC, g.id DESC LIMIT $4 OFFSET $5`,
      [
        filter.userId ?? null,
        filter.patientId ?? null,
        filter.active ?? null,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ],
    );
    return {
      items: rows.map((r) => ({
        grantId: r.id,
        userId: r.user_id,
        patientId: r.patient_id,
        reason: r.reason,
        grantedAt: r.granted_at,
        expiresAt: r.expires_at,
      })),
      total: rows[0]?.total ?? (filter.page > 1 ? await this.count(filter) : 0),
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  private async count(filter: ListEmergencyGrants['filter']): Promise<number> {
    const [row] = await this.uow.manager().query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM emergency_access_grants g
        WHERE ($1::uuid IS NULL OR g.user_id = $1) AND ($2::uuid IS NULL OR g.patient_id = $2)
          AND ($3::boolean IS NOT TRUE OR g.expires_at > now())`,
      [filter.userId ?? null, filter.patientId ?? null, filter.active ?? null],
    );
    return row.n;
  }
}
