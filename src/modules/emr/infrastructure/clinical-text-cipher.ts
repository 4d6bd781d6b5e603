import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { TableTextCipher } from './table-text-cipher.js';

/** The clinical free-text columns of the vitals and allergies tables (ADR 33). */
export type ClinicalTextColumn =
  | { readonly table: 'vital_sets'; readonly column: 'late_entry_reason' }
  | { readonly table: 'vital_observations'; readonly column: 'status_reason' }
  | { readonly table: 'allergy_intolerances'; readonly column: 'substance_text' | 'reactions_text' };

type ClinicalTable = ClinicalTextColumn['table'];

class BoundTextCipher extends TableTextCipher<string> {
  constructor(table: ClinicalTable, config: AppConfig) {
    super(table, config);
  }
}

/** The vitals' and allergies' free texts, each table's under its own binding (ADR 33). */
@Injectable()
export class ClinicalTextCipher {
  private readonly tables: Record<ClinicalTable, BoundTextCipher>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.tables = {
      vital_sets: new BoundTextCipher('vital_sets', config),
      vital_observations: new BoundTextCipher('vital_observations', config),
      allergy_intolerances: new BoundTextCipher('allergy_intolerances', config),
    };
  }

  get activeKeyId(): string {
    return this.tables.vital_sets.activeKeyId;
  }

  encrypt(where: ClinicalTextColumn, rowId: string, text: string | null): string | null {
    return this.tables[where.table].encrypt(rowId, where.column, text);
  }

  decrypt(where: ClinicalTextColumn, rowId: string, stored: string | null): string | null {
    return this.tables[where.table].decrypt(rowId, where.column, stored);
  }
}
