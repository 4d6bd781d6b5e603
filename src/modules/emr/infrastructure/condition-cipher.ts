import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { TableTextCipher } from './table-text-cipher.js';

/** The condition columns that hold clinical free text. */
export type ConditionTextColumn = 'note' | 'late_entry_reason';

/** Conditions' free texts (a note, a late entry's reason), ADR 32. */
@Injectable()
export class ConditionCipher extends TableTextCipher<ConditionTextColumn> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super('conditions', config);
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
