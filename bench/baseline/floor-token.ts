import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../../src/config/app-config.js';

/** The floor's own table of access records; the bench drops it at cleanup. */
export const FLOOR_ACCESS_TABLE = 'bench_floor_access';
/** The timeline baseline's table of access records (raw-timeline.ts); dropped at cleanup too. */
export const TIMELINE_ACCESS_TABLE = 'bench_timeline_access';
/** The vitals baseline's table of recorded events (raw-vitals.ts); dropped at cleanup too. */
export const VITALS_EVENTS_TABLE = 'bench_vitals_events';
/** The appointments baseline's table of booking events (raw-appointments.ts); dropped at cleanup too. */
export const APPOINTMENT_EVENTS_TABLE = 'bench_appointment_events';

/** The server's access-token keys by id, for verifyHs256. */
export function hs256Keys(config: AppConfig): ReadonlyMap<string, KeyObject> {
  return new Map(config.auth.jwtKeys.map((k) => [k.id, createSecretKey(k.secret)]));
}

const JWT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;
const BEARER = /^Bearer (\S+)$/;

function partJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The floor's token check, by hand: header alg HS256, the key its kid names,
 * HMAC-SHA256 compared in constant time, exp after `nowMs`. Answers the
 * subject, or undefined for any token that fails.
 */
export function verifyHs256(token: string, keys: ReadonlyMap<string, KeyObject>, nowMs: number): string | undefined {
  const match = JWT.exec(token);
  if (!match) return undefined;
  const [, headerPart, payloadPart, signaturePart] = match;
  const header = partJson(headerPart);
  // Own properties only: a kid of "constructor" must not find anything.
  const key =
    header?.alg === 'HS256' && typeof header.kid === 'string' && keys.has(header.kid) ? keys.get(header.kid) : undefined;
  if (!key) return undefined;
  const expected = createHmac('sha256', key).update(`${headerPart}.${payloadPart}`).digest();
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
  const payload = partJson(payloadPart);
  if (typeof payload?.sub !== 'string' || typeof payload.exp !== 'number' || payload.exp * 1000 <= nowMs) return undefined;
  return payload.sub;
}

/** The subject of an `Authorization: Bearer <token>` header whose token verifyHs256 accepts, or undefined. */
export function bearerSubject(
  authorization: string | undefined,
  keys: ReadonlyMap<string, KeyObject>,
  nowMs = Date.now(),
): string | undefined {
  const match = BEARER.exec(authorization ?? '');
  return match ? verifyHs256(match[1], keys, nowMs) : undefined;
}
