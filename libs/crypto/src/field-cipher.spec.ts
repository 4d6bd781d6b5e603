import { describe, expect, it } from '@jest/globals';
import { decryptField, encryptField, FieldDecryptionError, keyIdOf } from './field-cipher.js';
import { keyringOf } from './keyring.js';

const key = (n: number) => Buffer.alloc(32, n);
const ring = keyringOf([
  { id: 'k2', secret: key(2) },
  { id: 'k1', secret: key(1) },
]);
const at = { table: 'patients', column: 'last_name', rowId: '0193a1f2-0000-7000-8000-000000000001' };

describe('field cipher', () => {
  it('round-trips, with the active key id in the stored form and no plaintext in it', () => {
    const stored = encryptField(ring, 'Okonkwo-Ødegård', at);
    expect(stored).toMatch(/^v1\.k2\.[\w-]{16}\.[\w-]+$/);
    expect(stored).not.toContain('Okonkwo');
    expect(decryptField(ring, stored, at)).toBe('Okonkwo-Ødegård');
    expect(keyIdOf(stored)).toBe('k2');
  });

  it('uses a fresh nonce per value', () => {
    expect(encryptField(ring, 'same', at)).not.toBe(encryptField(ring, 'same', at));
  });

  it('reads values written with an older key of the ring', () => {
    const old = keyringOf([{ id: 'k1', secret: key(1) }]);
    expect(decryptField(ring, encryptField(old, 'before rotation', at), at)).toBe('before rotation');
  });

  it('rejects a tampered ciphertext', () => {
    const stored = encryptField(ring, 'value', at);
    const last = stored.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${stored.slice(0, -2)}${last}${stored.at(-1)}`;
    expect(() => decryptField(ring, tampered, at)).toThrow(FieldDecryptionError);
  });

  it('rejects a value moved to another column or another row', () => {
    const stored = encryptField(ring, 'value', at);
    expect(() => decryptField(ring, stored, { ...at, column: 'first_name' })).toThrow(/authentication failed/);
    expect(() => decryptField(ring, stored, { ...at, rowId: '0193a1f2-0000-7000-8000-000000000002' })).toThrow(
      /authentication failed/,
    );
  });

  it('rejects unknown keys and formats without saying what the value was', () => {
    const foreign = keyringOf([{ id: 'k9', secret: key(9) }]);
    expect(() => decryptField(ring, encryptField(foreign, 'secret', at), at)).toThrow(/key k9 is not in the keyring/);
    expect(() => decryptField(ring, 'plain text', at)).toThrow(/unknown format/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => keyringOf([{ id: 'short', secret: Buffer.alloc(16) }])).toThrow(/32 bytes/);
  });
});
