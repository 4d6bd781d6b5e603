import type { Actor } from '@hms/ddd';
import { OUTBOX_CHANNEL } from '../../src/infrastructure/events/outbox-signal.js';
import { appendToOutbox } from '../../src/infrastructure/events/outbox-writer.js';
import { PatientRecordAccessed } from '../../src/modules/patients/domain/patient-record-accessed.event.js';
import { expectStatus } from '../api-client.js';
import { startBacklogSampler, type BacklogReport } from '../samplers/backlog-sampler.js';
import type { BenchContext } from '../scenario.js';
import type { PatientFixture } from './patient-fixture.js';

/** Events put in the outbox at once, and per statement (the unit of work's multi-row insert). */
export const CAPACITY_EVENTS = 20_000;
const PER_STATEMENT = 1_000;
const DRAIN_TIMEOUT_MS = 300_000;

export interface AuditCapacity {
  readonly events: number;
  /** From the commit to an empty audit backlog, and to an empty outbox (relay, audit and handlers done). */
  readonly auditSeconds?: number;
  readonly outboxSeconds?: number;
  readonly backlog: BacklogReport;
}

interface MeResponse {
  readonly id: string;
  readonly sessionId: string;
  readonly roles: string[];
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
}

/**
 * The audit path's own throughput, apart from how fast HTTP makes events:
 * CAPACITY_EVENTS access events of seeded patients, as the doctor's reads
 * record them (the same event class and outbox statement), committed in one
 * transaction; then the time until the audit store has them all, and until
 * the relay and the event handlers are done too.
 */
export async function measureAuditCapacity(ctx: BenchContext, fx: PatientFixture): Promise<AuditCapacity> {
  const me = await ctx.api.request<MeResponse>('GET', '/api/v1/auth/me', { token: await fx.doctorToken() });
  expectStatus(me, 200, 'reading the doctor');
  const actor: Actor = {
    kind: 'user',
    id: me.body.id,
    roles: me.body.roles,
    sessionId: me.body.sessionId,
    hospitalId: me.body.hospitalId,
    departmentId: me.body.departmentId,
    ip: '127.0.0.1',
    userAgent: 'hms-bench',
  };
  const { sample } = fx.seed;
  const sampler = startBacklogSampler(ctx.db, 250);
  const client = await ctx.db.connect();
  let committedAt: number;
  try {
    await client.query('BEGIN');
    for (let start = 0; start < CAPACITY_EVENTS; start += PER_STATEMENT) {
      const events = Array.from({ length: Math.min(PER_STATEMENT, CAPACITY_EVENTS - start) }, (_, i) =>
        new PatientRecordAccessed({
          patientId: sample[(start + i) % sample.length].id,
          access: 'read',
          purposeOfUse: 'TREAT',
        }).stamp(actor, `bench-capacity-${start + i}`),
      );
      await appendToOutbox(client, events);
    }
    await client.query('COMMIT');
    committedAt = Date.now();
    // The wake-up the server's OutboxSignal sends after a commit.
    await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await sampler.stop().catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  let auditSeconds: number | undefined;
  let outboxSeconds: number | undefined;
  for (;;) {
    const latest = sampler.latest();
    if (latest && latest.atMs > committedAt) {
      if (auditSeconds === undefined && latest.unaudited === 0) auditSeconds = (latest.atMs - committedAt) / 1000;
      if (latest.unaudited + latest.unpublished + latest.undispatched === 0) {
        outboxSeconds = (latest.atMs - committedAt) / 1000;
        break;
      }
    }
    if (Date.now() - committedAt > DRAIN_TIMEOUT_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { events: CAPACITY_EVENTS, auditSeconds, outboxSeconds, backlog: await sampler.stop() };
}
