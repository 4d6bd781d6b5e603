/** Encryption keys by id: the active one encrypts, every one decrypts (so keys rotate without downtime). */
export interface Keyring {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export function keyringOf(keys: readonly { id: string; secret: Buffer }[]): Keyring {
  if (keys.length === 0) throw new Error('A keyring needs at least one key');
  for (const key of keys) {
    if (key.secret.length !== 32) throw new Error(`Key ${key.id} must be 32 bytes for AES-256-GCM`);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(key.id)) throw new Error('Key ids are 1-32 letters, digits, - or _');
  }
  return { activeKeyId: keys[0].id, keys: new Map(keys.map((k) => [k.id, k.secret])) };
}
