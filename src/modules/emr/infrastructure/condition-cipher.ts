import { Inject, Injectable } from '@nestjs/common';
import { decryptField, encryptField, type Keyring, keyringOf } from '@hms/crypto';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';

/** The condition columns that hold clinical free text. */
export type ConditionTextColumn = 'note' | 'late_entry_reason';

/**
 * Conditions' free texts (a note, a late entry's reason) under the patients'
 * PII keyring, AES-256-GCM bound to the table, column and row, as
 * encounters' are (ADR 30).
 */
@Injectable()
export class ConditionCipher {
  private readonly keyring: Keyring;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyring = keyringOf(config.crypto.piiKeys);
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  encrypt(conditionId: string, column: ConditionTextColumn, text: string | null): string | null {
    return text === null ? null : encryptField(this.keyring, text, { table: 'conditions', column, rowId: conditionId });
  }

  decrypt(conditionId: string, column: ConditionTextColumn, stored: string | null): string | null {
    return stored === null ? null : decryptField(this.keyring, stored, { table: 'conditions', column, rowId: conditionId });
  }

  /**
   * Both texts after a write, under the active key: a row never mixes keys,
   * so a rotation finds what is left by pii_key_id alone (ADR 10).
   */
  texts(
    conditionId: string,
    plain: { readonly note: string | null; readonly lateEntryReason: string | null },
  ): { note: string | null; lateEntryReason: string | null; piiKeyId: string | null } {
    return {
      note: this.encrypt(conditionId, 'note', plain.note),
      lateEntryReason: this.encrypt(conditionId, 'late_entry_reason', plain.lateEntryReason),
      piiKeyId: plain.note === null && plain.lateEntryReason === null ? null : this.activeKeyId,
    };
  }
}
