import { Inject, Injectable } from '@nestjs/common';
import { decryptField, encryptField, type Keyring, keyringOf } from '@hms/crypto';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';

/** The clinical free-text columns of the vitals and allergies tables (ADR 33). */
export type ClinicalTextColumn =
  | { readonly table: 'vital_sets'; readonly column: 'late_entry_reason' }
  | { readonly table: 'vital_observations'; readonly column: 'status_reason' }
  | { readonly table: 'allergy_intolerances'; readonly column: 'substance_text' | 'reactions_text' };

/**
 * Free text of the clinical records under the patients' PII keyring, as
 * EncounterCipher does for encounters: AES-256-GCM bound to the table, the
 * column and the row, the key id in the value (ADR 10, 30).
 */
@Injectable()
export class ClinicalTextCipher {
  private readonly keyring: Keyring;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyring = keyringOf(config.crypto.piiKeys);
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  encrypt(where: ClinicalTextColumn, rowId: string, text: string | null): string | null {
    return text === null ? null : encryptField(this.keyring, text, { table: where.table, column: where.column, rowId });
  }

  decrypt(where: ClinicalTextColumn, rowId: string, stored: string | null): string | null {
    return stored === null ? null : decryptField(this.keyring, stored, { table: where.table, column: where.column, rowId });
  }
}
