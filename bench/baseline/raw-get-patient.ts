/**
 * The raw baseline of scenario 3: GET /api/v1/patients/:id on node:http with
 * pg and ioredis directly, no framework. It does the work the server must do
 * for that answer, with the server's own code where that code is plain
 * (keys from the same configuration, the patient codec, CASL abilities, the
 * access event and the outbox statement), and nothing else. What it leaves
 * out is listed in docs/benchmarks.md. Run as its own process, with the
 * server's environment and its own PORT.
 */
import type { IncomingMessage } from 'node:http';
import { subject } from '@casl/ability';
import { JwtService } from '@nestjs/jwt';
import { type Actor, uuidv7 } from '@hms/ddd';
import { Redis } from 'ioredis';
import { buildAbility } from '../../libs/authz/src/ability.js';
import { AccessDenied } from '../../libs/authz/src/access-denied.event.js';
import { holds } from '../../libs/authz/src/field-rules.js';
import type { Principal } from '../../libs/authz/src/principal.js';
import { DEFAULT_PURPOSE_OF_USE, toPurposeOfUse } from '../../libs/authz/src/purpose-of-use.js';
import { keyringOf } from '../../libs/crypto/src/keyring.js';
import { openEntry, sealEntry } from '../../libs/crypto/src/signed-entry.js';
import { loadConfig } from '../../src/config/app-config.js';
import { appendToOutbox } from '../../src/infrastructure/events/outbox-writer.js';
import { isLocked } from '../../src/modules/auth/domain/lockout-policy.js';
import { authStateKeyring } from '../../src/modules/auth/infrastructure/auth-state-keyring.js';
import { accessTokenJwtOptions } from '../../src/modules/auth/infrastructure/access-token-jwt-options.js';
import type { PatientPersonalData } from '../../src/modules/patients/domain/patient-personal-data.js';
import { PatientRecordAccessed } from '../../src/modules/patients/domain/patient-record-accessed.event.js';
import { decryptPersonalData } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import { CARE_LINKS_LATERAL, type PatientRowWithLinks } from '../../src/modules/patients/infrastructure/patient-row.js';
import { baselinePool } from './baseline-db.js';
import { Refusal, servePatientReads } from './patient-read-server.js';

const config = loadConfig(process.env);
const pool = baselinePool(config, 'hms-bench-baseline');
const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
const keyring = keyringOf(config.crypto.piiKeys);
const jwt = new JwtService(accessTokenJwtOptions(config.auth));
const cachePrefix = `${config.queue.prefix}:auth`;
const cacheKeyring = authStateKeyring(config.auth.jwtKeys);

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;
// PatientRepository.findWithLinks, unlocked.
const FIND_WITH_LINKS = `SELECT p.*, links.user_ids, links.department_ids, links.hospital_ids
         FROM patients p ${CARE_LINKS_LATERAL}
        WHERE p.id = $1 `;

interface Session {
  readonly userId: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

interface UserState {
  readonly status: string;
  readonly lockedUntil: string | null;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly roles: string[];
  readonly permissions: string[];
  readonly grants: { grantId: string; patientId: string; expiresAt: string }[];
}

/**
 * JwtStrategy's check, on every request (the server's cache of verified tokens left out): JwtService
 * with the server's options (HS256 only, the key named by kid, typ JWT, issuer, audience, exp, nbf),
 * then the claims the strategy requires.
 */
function verify(token: string): { userId: string; sessionId: string } {
  let payload: { sub?: unknown; sid?: unknown; exp?: unknown; iat?: unknown };
  try {
    payload = jwt.verify(token);
  } catch {
    throw new Refusal(401);
  }
  const { sub, sid, exp, iat } = payload;
  if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') {
    throw new Refusal(401);
  }
  return { userId: sub, sessionId: sid };
}

/** AuthStateStore.load: one MGET of the cached session and user, signed entries checked; on a miss, the store's queries, cached as it caches them. */
async function authState(userId: string, sessionId: string): Promise<{ session: Session | null; user: UserState | null }> {
  const sessionKey = `${cachePrefix}:session:${sessionId}`;
  const userKey = `${cachePrefix}:user:${userId}`;
  const [storedSession, storedUser] = await redis.mget(sessionKey, userKey);
  const now = Date.now();
  const openedSession = storedSession === null ? undefined : openEntry(cacheKeyring, sessionKey, storedSession, now);
  const openedUser = storedUser === null ? undefined : openEntry(cacheKeyring, userKey, storedUser, now);
  const cachedSession = openedSession?.ok ? (openedSession.value as Session) : undefined;
  const cachedUser = openedUser?.ok ? (openedUser.value as UserState) : undefined;
  const session = cachedSession ?? (await loadSession(sessionId));
  const user = cachedUser ?? (await loadUser(userId));
  const writes = redis.pipeline();
  const expiresAtMs = Date.now() + config.auth.cacheTtlSeconds * 1000;
  if (!cachedSession && session)
    writes.set(sessionKey, sealEntry(cacheKeyring, sessionKey, session, expiresAtMs), 'EX', config.auth.cacheTtlSeconds);
  if (!cachedUser && user)
    writes.set(userKey, sealEntry(cacheKeyring, userKey, user, expiresAtMs), 'EX', config.auth.cacheTtlSeconds);
  if (writes.length) await writes.exec();
  return { session, user };
}

async function loadSession(sessionId: string): Promise<Session | null> {
  const { rows } = await pool.query<{ user_id: string; expires_at: Date; revoked_at: Date | null }>(
    `SELECT user_id, expires_at, revoked_at FROM sessions WHERE id = $1`,
    [sessionId],
  );
  const [row] = rows;
  return row
    ? { userId: row.user_id, expiresAt: row.expires_at.toISOString(), revokedAt: row.revoked_at?.toISOString() ?? null }
    : null;
}

async function loadUser(userId: string): Promise<UserState | null> {
  const { rows } = await pool.query<{
    status: string;
    locked_until: Date | null;
    hospital_id: string | null;
    department_id: string | null;
    roles: string[];
    permissions: string[];
    grants: { id: string; patient_id: string; expires_at: string }[];
  }>(
    `SELECT u.status, u.locked_until, u.hospital_id, u.department_id,
            COALESCE(array_agg(DISTINCT r.name) FILTER (WHERE r.name IS NOT NULL), '{}') AS roles,
            COALESCE(array_agg(DISTINCT p.permission) FILTER (WHERE p.permission IS NOT NULL), '{}') AS permissions,
            (SELECT COALESCE(json_agg(json_build_object('id', g.id, 'patient_id', g.patient_id, 'expires_at', g.expires_at)), '[]')
               FROM emergency_access_grants g
              WHERE g.user_id = u.id AND g.expires_at > now()) AS grants
       FROM users u
       LEFT JOIN user_roles ur ON ur.user_id = u.id
       LEFT JOIN roles r ON r.id = ur.role_id
       LEFT JOIN LATERAL unnest(r.permissions) AS p(permission) ON true
      WHERE u.id = $1
      GROUP BY u.id`,
    [userId],
  );
  const [row] = rows;
  if (!row) return null;
  return {
    status: row.status,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    roles: row.roles,
    permissions: row.permissions,
    grants: row.grants.map((g) => ({ grantId: g.id, patientId: g.patient_id, expiresAt: g.expires_at })),
  };
}

/** Masking is loaded on first use: the benchmark's doctor holds patients:read-sensitive and never needs it. */
let masking: Promise<(data: PatientPersonalData) => PatientPersonalData> | undefined;

async function getPatient(
  req: IncomingMessage,
  patientId: string,
  correlationId: string,
): Promise<{ body: string; version: number }> {
  const match = BEARER.exec(req.headers.authorization ?? '');
  if (!match) throw new Refusal(401);
  const claims = verify(match[1]);

  const now = new Date();
  const { session, user } = await authState(claims.userId, claims.sessionId);
  if (!session || session.userId !== claims.userId || session.revokedAt || new Date(session.expiresAt) <= now) {
    throw new Refusal(401);
  }
  const lockedUntil = user?.lockedUntil ? new Date(user.lockedUntil) : null;
  if (!user || user.status === 'deactivated' || isLocked(user.status, lockedUntil, now)) throw new Refusal(401);
  const principal: Principal = {
    userId: claims.userId,
    sessionId: claims.sessionId,
    roles: user.roles,
    permissions: user.permissions,
    hospitalId: user.hospitalId,
    departmentId: user.departmentId,
    emergencyGrants: user.grants.map((g) => ({ ...g, expiresAt: new Date(g.expiresAt) })),
  };
  const ability = buildAbility(principal, now);
  if (!ability.can('read', 'patients')) throw new Refusal(403);
  const actor: Actor = {
    kind: 'user',
    id: principal.userId,
    roles: principal.roles,
    sessionId: principal.sessionId,
    hospitalId: principal.hospitalId,
    departmentId: principal.departmentId,
    ip: req.socket.remoteAddress,
    userAgent: req.headers['user-agent']?.slice(0, 500),
  };

  const purpose = req.headers['x-purpose-of-use'];
  const purposeOfUse = typeof purpose === 'string' && purpose !== '' ? toPurposeOfUse(purpose) : DEFAULT_PURPOSE_OF_USE;
  if (!purposeOfUse) throw new Refusal(400);

  const { rows } = await pool.query<PatientRowWithLinks>(FIND_WITH_LINKS, [patientId]);
  const [row] = rows;
  if (!row) throw new Refusal(404);
  // readDecision with scopedSubjectOf: the same CASL conditions as the server.
  const target = {
    id: row.id,
    linkedUserIds: row.user_ids ?? [],
    departmentIds: row.department_ids ?? [],
    hospitalIds: [row.registering_hospital_id, ...(row.hospital_ids ?? [])],
  };
  if (!ability.can('read', subject('patients', { ...target }))) {
    const denied = new AccessDenied({
      userId: principal.userId,
      reason: 'out-of-scope',
      permission: 'patients:read',
      resourceType: 'Patient',
      resourceId: patientId,
    });
    await appendToOutbox(pool, [denied.stamp(actor, correlationId)]);
    throw new Refusal(404);
  }
  const grant = principal.emergencyGrants.find((g) => g.patientId === row.id && g.expiresAt > now);
  const ordinary = grant ? buildAbility({ ...principal, emergencyGrants: [] }, now) : undefined;
  const emergencyGrantId = grant && !ordinary!.can('read', subject('patients', { ...target })) ? grant.grantId : null;

  const decrypted = decryptPersonalData(keyring, row.id, row);
  let shown = decrypted;
  if (!holds(principal.permissions, 'patients:read-sensitive')) {
    masking ??= import('../../src/modules/patients/domain/patient-masking.js').then((m) => m.maskPersonalData);
    shown = (await masking)(decrypted);
  }
  const body = JSON.stringify({
    id: row.id,
    mrn: row.mrn,
    firstName: shown.firstName,
    middleName: shown.middleName,
    lastName: shown.lastName,
    dateOfBirth: shown.dateOfBirth,
    sex: row.sex,
    phone: shown.phone,
    email: shown.email,
    address: shown.address,
    nationalId: shown.nationalId,
    emergencyContact: shown.emergencyContact,
    preferredLanguage: shown.preferredLanguage,
    registeringHospitalId: row.registering_hospital_id,
    status: row.status,
    mergedIntoId: row.merged_into_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  // Recorded before the data leaves, with the outbox statement of the unit of work (one statement, one round trip).
  const accessed = new PatientRecordAccessed({ patientId: row.id, access: 'read', purposeOfUse, emergencyGrantId });
  await appendToOutbox(pool, [accessed.stamp(actor, correlationId)]);
  return { body, version: row.version };
}

await pool.query('SELECT 1');
await redis.ping();
servePatientReads(
  config.http.port,
  config.http.host,
  {
    patient: (req, patientId, res) => {
      const correlationId = uuidv7();
      res.setHeader('X-Request-ID', correlationId);
      return getPatient(req, patientId, correlationId);
    },
  },
  () => Promise.allSettled([pool.end(), redis.quit()]),
);
