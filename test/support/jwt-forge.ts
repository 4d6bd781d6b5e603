import { createHmac, createSign, type KeyObject } from 'node:crypto';

export interface ForgedJwt {
  /** The JOSE header as sent: `alg` decides how it is signed ('none': not at all). */
  readonly header: { readonly alg: 'none' | 'HS256' | 'HS384' | 'HS512' | 'RS256' } & Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  /** An HMAC secret for HS*, a private key for RS256. */
  readonly key?: Buffer | KeyObject;
  /** Signs with this algorithm whatever the header says (a label that lies). */
  readonly signAs?: ForgedJwt['header']['alg'];
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT built by hand with node:crypto, apart from the server's own JWT
 * library, so tests can send exactly the header and claims the server must
 * refuse (another algorithm, no kid, a foreign key...).
 */
export function forgeJwt({ header, claims, key, signAs = header.alg }: ForgedJwt): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  if (signAs === 'none') return `${input}.`;
  if (!key) throw new Error(`forgeJwt: ${signAs} needs a key`);
  const signature =
    signAs === 'RS256'
      ? createSign('RSA-SHA256').update(input).sign(key, 'base64url')
      : createHmac(`sha${signAs.slice(2)}`, key)
          .update(input)
          .digest('base64url');
  return `${input}.${signature}`;
}

/** Seconds since the epoch, as JWT times are written. */
export const epochSeconds = (offsetSeconds = 0) => Math.floor(Date.now() / 1000) + offsetSeconds;
