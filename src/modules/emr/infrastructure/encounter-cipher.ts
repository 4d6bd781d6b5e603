import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { TableTextCipher } from './table-text-cipher.js';

/** The encounter columns that hold clinical free text. */
export type EncounterTextColumn = 'reason_text' | 'status_reason';

/** Encounters' free texts (the reason, a status change's reason). */
@Injectable()
export class EncounterCipher extends TableTextCipher<EncounterTextColumn> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super('encounters', config);
  }
}
