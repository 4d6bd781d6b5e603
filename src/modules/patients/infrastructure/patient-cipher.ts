import { Inject, Injectable } from '@nestjs/common';
import { type Keyring, keyringOf } from '@hms/crypto';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { PatientPersonalData, PersonalField } from '../domain/patient-personal-data.js';
import {
  type BlindIndexes,
  blindIndexesOf,
  decryptPersonalData,
  decryptPersonalField,
  encryptPersonalData,
  type EncryptedColumns,
  searchHashes,
  type SearchKey,
} from './patient-encryption.js';

/** The configured keys applied to patient rows: encryption keyring and blind-index keys. */
@Injectable()
export class PatientCipher {
  readonly keyring: Keyring;
  readonly indexKeys: readonly { readonly id: string; readonly secret: Buffer }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyring = keyringOf(config.crypto.piiKeys);
    this.indexKeys = config.crypto.blindIndexKeys;
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  get activeIndexKeyId(): string {
    return this.indexKeys[0].id;
  }

  encrypt(patientId: string, data: PatientPersonalData): EncryptedColumns {
    return encryptPersonalData(this.keyring, patientId, data);
  }

  decrypt(patientId: string, columns: EncryptedColumns): PatientPersonalData {
    return decryptPersonalData(this.keyring, patientId, columns);
  }

  decryptField<F extends PersonalField>(patientId: string, field: F, stored: string | null): PatientPersonalData[F] {
    return decryptPersonalField(this.keyring, patientId, field, stored);
  }

  /** The row's blind indexes under the active index key. */
  indexes(data: PatientPersonalData): BlindIndexes {
    return blindIndexesOf(this.indexKeys[0].secret, data);
  }

  /** Index values that match a search input under any configured index key. */
  searchHashes(searchKey: SearchKey, input: string): string[] {
    return searchHashes(this.indexKeys, searchKey, input);
  }
}
