import { createSecretKey, type KeyObject } from 'node:crypto';
import type { NamedKey } from '../../../config/app-config.js';

/** The only algorithm we sign with or accept: `alg: none`, HS384/512, RS/ES/PS and any other are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256' as const;

/**
 * The access-token keys of JWT_KEYS, by key id. The first key signs; a
 * token is verified with the key its header names by `kid`, so keys rotate
 * without logging anyone out. Each key is a KeyObject made once: given raw
 * bytes, jsonwebtoken would first try to parse them as a public key on every
 * call.
 */
export class AccessTokenKeyring {
  readonly signingKid: string;
  readonly signingKey: KeyObject;
  private readonly keys: ReadonlyMap<string, KeyObject>;

  constructor(keys: readonly NamedKey[]) {
    if (keys.length === 0) throw new Error('JWT_KEYS holds no key');
    this.keys = new Map(keys.map((k) => [k.id, createSecretKey(k.secret)]));
    this.signingKid = keys[0].id;
    this.signingKey = this.keys.get(this.signingKid)!;
  }

  /**
   * The key a token's header names, or undefined for a header with no `kid`,
   * an unknown one, no `typ: JWT`, or one that does not parse.
   * Only picks the key: the signature, algorithm and claims are checked by
   * whoever verifies with it.
   */
  keyFor(token: string): KeyObject | undefined {
    const header = headerOf(token);
    if (!header || typeof header.kid !== 'string' || header.typ !== 'JWT') return undefined;
    return this.keys.get(header.kid);
  }
}

function headerOf(token: string): { kid?: unknown; typ?: unknown } | undefined {
  const end = token.indexOf('.');
  if (end <= 0) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8'));
    return header !== null && typeof header === 'object' ? header : undefined;
  } catch {
    return undefined;
  }
}
