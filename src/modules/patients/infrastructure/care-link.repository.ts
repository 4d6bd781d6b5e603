import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestRows } from '../../../infrastructure/database/unnest-rows.js';
import type { CareLink, CareLinkKind } from '../domain/care-link.js';

/** A link as added: to whom, what, and what linked them. */
export interface NewCareLink extends CareLink {
  readonly patientId: string;
  readonly source: string;
}

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

  /** add for several links in one statement; answers those added (the others existed). */
  async addMany(db: EntityManager, links: readonly NewCareLink[]): Promise<NewCareLink[]> {
    const rows = unnestRows(
      'l',
      [
        ['patient_id', 'uuid', (link: (typeof links)[number]) => link.patientId],
        ['kind', 'text', (link) => link.kind],
        ['ref_id', 'uuid', (link) => link.refId],
        ['source', 'text', (link) => link.source],
      ],
      links,
    );
    return db.query<NewCareLink[]>(
      `INSERT INTO patient_care_links (patient_id, kind, ref_id, source) SELECT * FROM ${rows.sql}
       ON CONFLICT DO NOTHING
       RETURNING patient_id::text AS "patientId", kind, ref_id::text AS "refId", source`,
      rows.params,
    );
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
