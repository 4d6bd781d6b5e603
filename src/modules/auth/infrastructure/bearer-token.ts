import type { IncomingMessage } from 'node:http';

/** RFC 6750: `Authorization: Bearer <token68>`, exactly. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * The access token a request carries, or null. The guard's cache and the
 * passport strategy both read it here, so the token remembered is the token
 * verified.
 */
export function bearerTokenOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return (header && BEARER.exec(header)?.[1]) || null;
}
