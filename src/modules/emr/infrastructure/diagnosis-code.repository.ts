import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface DiagnosisCodeRow {
  code: string;
  display: string;
}

/** Escapes LIKE's wildcards, so a search term is matched as typed. */
const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The ICD-10 catalogue a hospital loads (emr:icd10-load): lookups and search as you type. */
@Injectable()
export class DiagnosisCodeRepository {
  /** The code's display text, and whether any catalogue is loaded at all (none: codes are checked by form only). */
  async lookup(db: EntityManager, code: string): Promise<{ loaded: boolean; display: string | null }> {
    const [row] = await db.query<{ loaded: boolean; display: string | null }[]>(
      `SELECT EXISTS (SELECT 1 FROM diagnosis_codes) AS loaded,
              (SELECT display FROM diagnosis_codes WHERE code = $1) AS display`,
      [code],
    );
    return row;
  }

  async loaded(db: EntityManager): Promise<boolean> {
    const [row] = await db.query<{ loaded: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM diagnosis_codes) AS loaded`);
    return row.loaded;
  }

  /**
   * Codes starting with the term (the text_pattern_ops index), then display
   * texts containing it in any case (the trigram index), code matches first,
   * each in code order; `codePrefix` is the term as a normalised code
   * prefix, when it reads as one.
   */
  async search(db: EntityManager, term: string, codePrefix: string | undefined, limit: number): Promise<DiagnosisCodeRow[]> {
    return db.query<DiagnosisCodeRow[]>(
      `SELECT code, display FROM diagnosis_codes
        WHERE ($1::text IS NOT NULL AND code LIKE $1 || '%') OR display ILIKE '%' || $2 || '%'
        ORDER BY ($1::text IS NOT NULL AND code LIKE $1 || '%') DESC, code
        LIMIT $3`,
      [codePrefix === undefined ? null : likeLiteral(codePrefix), likeLiteral(term), limit],
    );
  }
}
