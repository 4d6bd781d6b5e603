import { queryAudited } from '../../support/audited-events.js';
import type { TestApp } from '../../support/test-app.js';
import type { Api } from '../../patients/support/patients-api.js';

export type NoteBody = Record<string, unknown> & { id: string; version: number; status: string };

/** A draft note written over the API; answers its body. */
export async function givenNote(api: Api, encounterId: string, body: Record<string, unknown> = {}): Promise<NoteBody> {
  const res = await api.post(`/encounters/${encounterId}/notes`).send({ type: 'progress', text: 'Stable overnight.', ...body });
  if (res.status !== 201) throw new Error(`note: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as NoteBody;
}

/** A note written and signed by its author; answers the signed body. */
export async function givenSignedNote(api: Api, encounterId: string, body: Record<string, unknown> = {}): Promise<NoteBody> {
  const note = await givenNote(api, encounterId, body);
  const res = await api.post(`/notes/${note.id}/sign`).send({});
  if (res.status !== 200) throw new Error(`sign: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as NoteBody;
}

/**
 * Rows in clinical_notes and events recorded (refusals aside), once everything committed is audited:
 * what "nothing written" is checked against.
 */
export async function noteWriteCounts(t: TestApp): Promise<{ notes: number; events: number; outbox: number }> {
  const [row] = await queryAudited<{ notes: number; events: number; outbox: number }>(
    t,
    `SELECT (SELECT count(*)::int FROM clinical_notes) AS notes,
            (SELECT count(*)::int FROM audit_events WHERE type <> 'authz.AccessDenied.v1') AS events,
            (SELECT count(*)::int FROM outbox WHERE type LIKE 'emr.Note%') AS outbox`,
  );
  return row;
}

/** Everything a note's free text must never reach besides its own encrypted column: the outbox, the audit store. */
export async function eventsAndAuditText(t: TestApp): Promise<string> {
  return JSON.stringify(await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events'));
}
