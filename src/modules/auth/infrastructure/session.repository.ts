import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

export interface RefreshTokenRow {
  session_id: string;
  used_at: Date | null;
  user_id: string;
  expires_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
}

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  last_refreshed_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** Sessions and their single-use refresh tokens (stored as SHA-256 hashes only). */
@Injectable()
export class SessionRepository {
  async create(
    db: EntityManager,
    session: { id: string; userId: string; expiresAt: Date; ip?: string; userAgent?: string },
    refreshTokenHash: Buffer,
  ): Promise<void> {
    await db.query(`INSERT INTO sessions (id, user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5)`, [
      session.id,
      session.userId,
      session.expiresAt,
      session.ip ?? null,
      session.userAgent?.slice(0, 500) ?? null,
    ]);
    await db.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [refreshTokenHash, session.id]);
  }

  async findRefreshTokenForUpdate(db: EntityManager, tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    const [row] = await db.query<RefreshTokenRow[]>(
      `SELECT rt.session_id, rt.used_at, s.user_id, s.expires_at, s.last_seen_at, s.revoked_at
         FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
        WHERE rt.token_hash = $1 FOR UPDATE OF rt, s`,
      [tokenHash],
    );
    return row;
  }

  async rotate(db: EntityManager, sessionId: string, usedHash: Buffer, nextHash: Buffer): Promise<void> {
    await db.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [usedHash]);
    await db.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [nextHash, sessionId]);
    await db.query(`UPDATE sessions SET last_refreshed_at = now(), last_seen_at = now() WHERE id = $1`, [sessionId]);
  }

  async revoke(db: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    const [rows] = await db.query<UpdateResult<{ id: string }>>(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return rows.length > 0;
  }

  /** Revokes every open session of a user (but one, if given); returns their ids. */
  async revokeAllOf(db: EntityManager, userId: string, reason: string, except?: string): Promise<string[]> {
    const [rows] = await db.query<UpdateResult<{ id: string }>>(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id`,
      [userId, reason, except ?? null],
    );
    return rows.map((r) => r.id);
  }

  async findById(db: EntityManager, sessionId: string): Promise<SessionRow | undefined> {
    const [row] = await db.query<SessionRow[]>(`SELECT * FROM sessions WHERE id = $1`, [sessionId]);
    return row;
  }

  /** Sessions neither revoked, expired nor idle for longer than the idle timeout. */
  async listOpen(db: EntityManager, userId: string, idleTimeoutSeconds: number): Promise<SessionRow[]> {
    return db.query<SessionRow[]>(
      `SELECT * FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND last_seen_at >= now() - make_interval(secs => $2)
        ORDER BY created_at DESC`,
      [userId, idleTimeoutSeconds],
    );
  }
}
