import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Where a value lives: bound into the ciphertext, so it cannot be moved to another column or row. */
export interface FieldContext {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

/** A value that does not decrypt: tampered, moved, or encrypted with a key this keyring lacks. */
export class FieldDecryptionError extends Error {
  constructor(reason: string) {
    super(`encrypted field could not be read: ${reason}`);
    this.name = 'FieldDecryptionError';
  }
}

function associatedData(context: FieldContext): Buffer {
  return Buffer.from(`${VERSION}|${context.table}|${context.column}|${context.rowId}`, 'utf8');
}

/**
 * AES-256-GCM with a random 96-bit nonce per value. The stored form,
 * `v1.<keyId>.<nonce>.<ciphertext+tag>` (base64url), names its key, so
 * reads work across rotations; the field context is authenticated data.
 */
export function encryptField(keyring: Keyring, plaintext: string, context: FieldContext): string {
  const key = keyring.keys.get(keyring.activeKeyId)!;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${keyring.activeKeyId}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

export function decryptField(keyring: Keyring, stored: string, context: FieldContext): string {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new FieldDecryptionError('unknown format');
  const [, keyId, nonceText, bodyText] = parts;
  const key = keyring.keys.get(keyId);
  if (!key) throw new FieldDecryptionError(`key ${keyId} is not in the keyring`);
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new FieldDecryptionError('truncated value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new FieldDecryptionError('authentication failed (tampered, or moved from another field or row)');
  }
}

/** The key id a stored value was encrypted with (for rotation: re-encrypt those not under the active key). */
export function keyIdOf(stored: string): string | undefined {
  const parts = stored.split('.');
  return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
}
