import { type DuplicateCandidate, PossibleDuplicateError } from '../domain/possible-duplicate.error.js';
import { PatientMatchedAsDuplicate } from '../domain/patient-matched-as-duplicate.event.js';
import type { DuplicateMatchRow } from '../infrastructure/patient-row.js';
import { readDecision, scopedSubjectOf } from './patient-read-access.js';
import type { PatientReader } from './patient-reader.js';

/** What a registration's duplicate check answers, and what the audit trail keeps of that answer. */
export interface DuplicateAnswer {
  readonly error: PossibleDuplicateError;
  /** One event per match considered, listed or counted. */
  readonly audit: readonly PatientMatchedAsDuplicate[];
}

/**
 * Splits the matches by the caller's read scope, decided exactly as a GET of
 * each would be (care links, registering hospital, break-the-glass grants):
 * a match the caller may read is listed, any other only counted, so the
 * answer tells nobody whether a patient they may not read exists where, or
 * is alive. A caller without patients:read sees counts only.
 */
export function answerDuplicates(
  registrar: PatientReader,
  matches: readonly DuplicateMatchRow[],
  now = new Date(),
): DuplicateAnswer {
  const candidates: DuplicateCandidate[] = [];
  const audit: PatientMatchedAsDuplicate[] = [];
  for (const match of matches) {
    const decision = readDecision(registrar.ability, registrar.principal, scopedSubjectOf(match), now);
    if (decision.allowed) {
      candidates.push({
        id: match.id,
        mrn: match.mrn,
        externalIdentifiers: match.external_identifiers,
        registeringHospitalId: match.registering_hospital_id,
        status: match.status,
      });
    }
    audit.push(
      new PatientMatchedAsDuplicate({
        patientId: match.id,
        disclosed: decision.allowed ? 'listed' : 'counted',
        purposeOfUse: registrar.purposeOfUse,
        emergencyGrantId: decision.emergencyGrantId,
      }),
    );
  }
  return { error: new PossibleDuplicateError(candidates, matches.length - candidates.length), audit };
}
