import type { PersonalField } from './patient-personal-data.js';

/**
 * Personal fields as stored: AES-256-GCM ciphertexts (`v1.<keyId>.<nonce>.<body>`)
 * bound to (patients, column, patient id), null where a field is empty. Events
 * carry these, never plaintext, so a history can decrypt them later with the keyring.
 */
export type EncryptedPersonalData = Readonly<Record<PersonalField, string | null>>;
