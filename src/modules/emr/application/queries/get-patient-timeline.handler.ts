import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied, type PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { type PatientDataKind, PatientDataAccess, patientWideIdsOf, ResolvePatientAccess } from '../../../patients/index.js';
import { decodeEncounterCursor, encodeEncounterCursor } from '../../domain/encounter-cursor.js';
import { TIMELINE_KINDS } from '../../domain/timeline-kind.js';
import { TIMELINE_SCOPE_COLUMNS, TimelineRepository, type TimelineRow } from '../../infrastructure/timeline.repository.js';
import { TIMELINE_SOURCES } from '../../infrastructure/timeline-sources.js';
import type { TimelineEntryView, TimelinePage } from '../timeline-view.js';
import { GetPatientTimeline } from './get-patient-timeline.query.js';

/** The timeline is clinical content: emr:read's scopes apply to every entry. */
const TIMELINE: PatientDataKind = { resource: 'emr', resourceType: 'emr.timeline' };

const SOURCES = new Map(TIMELINE_SOURCES.map((source) => [source.kind, source]));

type ListedEntry = PatientScopedRecord & { readonly row: TimelineRow };

/**
 * A patient's clinical timeline: every kind of EMR record in one keyset list,
 * newest first, filtered in SQL by the reader's emr:read scope through the
 * patient-access contract. Each entry served is audited under its own kind's
 * resource type (`emr.notes`, `emr.vitals`, ...), so the patient's access
 * report says what was seen. A merged id shows the surviving record's; a
 * patient the reader may not read and of whom nothing is in scope answers
 * 404, audited, as the encounter list does.
 */
@QueryHandler(GetPatientTimeline)
export class GetPatientTimelineHandler implements IQueryHandler<GetPatientTimeline, TimelinePage> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineRepository,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, patientId, filter }: GetPatientTimeline): Promise<TimelinePage> {
    const after = filter.cursor === undefined ? undefined : decodeEncounterCursor(filter.cursor);
    const patient = await this.queries.execute(
      new ResolvePatientAccess(reader, patientId, { withMerged: true, patientWide: TIMELINE.resource }),
    );
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
    const { patientIds } = patient;
    let hasMore = false;
    const served = await this.patientAccess.list<ListedEntry>(
      reader,
      TIMELINE,
      TIMELINE_SCOPE_COLUMNS,
      async (scope, patientWideOpen) => {
        const rows = await this.timeline.page(
          this.uow.hotReader(),
          {
            patientIds,
            kinds: filter.kinds ?? TIMELINE_KINDS,
            from: filter.from,
            to: filter.to,
            after,
            limit: filter.limit,
          },
          scope,
          patientWideOpen,
        );
        // The row past the page only tells that another follows: it is neither served nor audited.
        hasMore = rows.length > filter.limit;
        return rows.slice(0, filter.limit).map((row) => ({
          patientId: row.patient_id,
          hospitalId: row.hospital_id,
          departmentId: row.department_id,
          responsibleUserIds: row.responsible_user_ids,
          row,
        }));
      },
      1,
      {
        resourceTypeOf: (entry) => SOURCES.get(entry.row.kind)?.resourceType ?? TIMELINE.resourceType,
        // One access event per kind of this patient's records on the page, naming them (ADR 34).
        recordIdOf: (entry) => entry.row.id,
        // Allergies and problems are the patient's: a reader whose scopes reach the patient sees them all.
        patientWide: {
          patientIds: patientWideIdsOf(patient),
          appliesTo: (entry) => SOURCES.get(entry.row.kind)?.patientWide === true,
        },
      },
    );
    if (served.length === 0 && !patient.allowed) {
      await this.uow.record(
        reader.actor,
        new AccessDenied({
          userId: reader.actor.id,
          reason: 'out-of-scope',
          permission: 'emr:read',
          resourceType: 'Patient',
          resourceId: patientId,
        }),
      );
      throw new NotFoundError('Patient', patientId);
    }
    const last = served[served.length - 1];
    return {
      items: served.map(({ row }) => entryView(row)),
      nextCursor: hasMore && last ? encodeEncounterCursor({ listedAt: last.row.listed_key, id: last.row.id }) : null,
    };
  }
}

function entryView(row: TimelineRow): TimelineEntryView {
  const source = SOURCES.get(row.kind);
  if (!source) throw new Error(`timeline: no source of kind ${row.kind}`);
  return {
    kind: row.kind,
    id: row.id,
    occurredAt: row.listed_at,
    encounterId: row.encounter_id,
    status: row.status,
    version: row.version,
    summary: source.refine ? source.refine(row.summary) : row.summary,
    href: source.href(row),
  };
}
