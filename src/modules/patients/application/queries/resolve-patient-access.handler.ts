import { conditionsOpenPatient, patientScopeConditions } from '@hms/authz';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import type { PatientRowWithLinks } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { readDecision, scopedSubjectOf } from '../patient-read-access.js';
import {
  type PatientAccessAnswer,
  ResolvePatientAccess,
  type ResolvePatientAccessOptions,
} from './resolve-patient-access.query.js';

/** Merges chain at most this deep in practice (a target cannot be merged while merging); the bound guards a cycle. */
const MAX_MERGE_HOPS = 8;

export const NOT_FOUND: PatientAccessAnswer = {
  found: false,
  currentPatientId: null,
  allowed: false,
  reason: null,
  emergencyGrantId: null,
  patientIds: [],
  patientWideOpen: false,
  active: false,
};

/**
 * The answer for the current record `row` (not merged), decided with the
 * very function GET /patients/:id uses, asked as `askedId`.
 */
export function accessAnswer(
  reader: ResolvePatientAccess['reader'],
  row: PatientRowWithLinks & { merged_ids?: string[] | null },
  askedId: string,
  options: ResolvePatientAccessOptions = {},
): PatientAccessAnswer {
  const subject = scopedSubjectOf(row);
  const decision = readDecision(reader.ability, reader.principal, subject);
  const reason = !decision.allowed
    ? null
    : decision.emergencyGrantId
      ? 'emergency-grant'
      : (row.user_ids ?? []).includes(reader.principal.userId)
        ? 'care-link'
        : 'scope';
  return {
    found: true,
    currentPatientId: row.id,
    allowed: decision.allowed,
    reason,
    emergencyGrantId: decision.emergencyGrantId,
    patientIds: [...new Set([row.id, askedId, ...(row.merged_ids ?? [])])],
    active: row.status === 'active',
    patientWideOpen:
      options.patientWide !== undefined &&
      conditionsOpenPatient(patientScopeConditions(reader.principal, options.patientWide), subject),
  };
}

/**
 * Follows merges to the current record, then decides on it with the very
 * function GET /patients/:id uses (merges move care links to the target).
 */
@QueryHandler(ResolvePatientAccess)
export class ResolvePatientAccessHandler implements IQueryHandler<ResolvePatientAccess, PatientAccessAnswer> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
  ) {}

  async execute({ reader, patientId, options }: ResolvePatientAccess): Promise<PatientAccessAnswer> {
    // Inside a clinical context's unit of work, on its connection (ADR 15).
    const db = this.uow.manager();
    const find = (id: string): Promise<(PatientRowWithLinks & { merged_ids?: string[] | null }) | undefined> =>
      options.withMerged ? this.patients.findWithLinksAndMerged(db, id) : this.patients.findWithLinks(db, id);
    let row = await find(patientId);
    for (let hop = 0; row?.merged_into_id && hop < MAX_MERGE_HOPS; hop++) {
      row = await find(row.merged_into_id);
    }
    if (!row || row.merged_into_id) return NOT_FOUND;
    return accessAnswer(reader, row, patientId, options);
  }
}
