import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CareLink, CareLinkKind } from '../domain/care-link.js';

/** patient_care_links: the read model the scopes of patients:read are checked against. */
@Injectable()
export class CareLinkRepository {
  /** Adds a link unless it exists; answers whether it was added. */
  async add(db: EntityManager, patientId: string, kind: CareLinkKind, refId: string, source: string): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `INSERT INTO patient_care_links (patient_id, kind, ref_id, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [patientId, kind, refId, source],
    );
    return rows.length > 0;
  }

  /**
   * Moves every link of one patient to another (the target keeps its own;
   * the union results), plus a link to `hospitalId` when given, in one
   * statement. Answers the links the target did not have before.
   */
  async moveAll(db: EntityManager, fromId: string, toId: string, hospitalId: string | null, source: string): Promise<CareLink[]> {
    return db.query<CareLink[]>(
      `WITH moved AS (
         DELETE FROM patient_care_links WHERE patient_id = $1 RETURNING kind, ref_id, source),
       wanted AS (
         SELECT kind, ref_id, source FROM moved
         UNION ALL
         SELECT 'hospital', $3::uuid, $4 WHERE $3::uuid IS NOT NULL)
       INSERT INTO patient_care_links (patient_id, kind, ref_id, source)
       SELECT $2, kind, ref_id, source FROM wanted
       ON CONFLICT DO NOTHING
       RETURNING kind, ref_id::text AS "refId"`,
      [fromId, toId, hospitalId, source],
    );
  }
}
