import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { LinkPatientCare, ResolvePatientAccess } from '../../../patients/index.js';
import { EncounterVoidError } from '../../domain/clinical-entry-policy.js';
import { ProblemRecorded } from '../../domain/condition-events.js';
import { assertNewCondition } from '../../domain/condition-rules.js';
import { DepartmentOutOfScopeError } from '../../domain/department-out-of-scope.error.js';
import { PatientMergedError } from '../../domain/patient-merged.error.js';
import { ConditionCipher } from '../../infrastructure/condition-cipher.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { DiagnosisCodeRepository } from '../../infrastructure/diagnosis-code.repository.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { missingDiagnoseScope, refusedAs } from '../condition-access.js';
import type { ConditionView } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { codedDisplay } from '../diagnosis-codes.js';
import { mayWrite } from '../encounter-access.js';
import { scopedRecordOf } from '../encounter-writes.js';
import { RecordProblem } from './record-problem.command.js';

/** What the care link to the writer says it came from. */
const CARE_LINK_SOURCE = 'emr.problem';

/**
 * An entry on the patient's problem list, in one transaction. The patient
 * must exist within the writer's patients:read scope (404, audited; a grant
 * opens records for reading only) and not be merged (409 naming the
 * surviving record). The entry is patient-wide: its scope columns are the
 * writer's hospital and department (the encounter's when the writer has
 * none) and the writer as its responsible user, which the writer's emr:write
 * and emr:diagnose must cover. An encounter named must be the patient's and
 * within the writer's emr:write scope (404, audited), and not void (409);
 * a finished one is fine, since the list is the patient's, not the visit's.
 * The writer is linked to the patient (a key-share lock a merge waits for).
 */
@CommandHandler(RecordProblem)
export class RecordProblemHandler implements ICommandHandler<RecordProblem, ConditionView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly conditions: ConditionRepository,
    private readonly codes: DiagnosisCodeRepository,
    private readonly cipher: ConditionCipher,
    private readonly views: ConditionViews,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer, patientId, problem }: RecordProblem): Promise<ConditionView> {
    const { actor, principal } = writer;
    const now = new Date();
    const dates = { onsetDate: problem.onsetDate ?? null, abatementDate: problem.abatementDate ?? null };
    assertNewCondition({ category: 'problem-list-item', ...problem, ...dates, primary: false }, now);
    const id = uuidv7();
    let refused: NotFoundError | undefined;
    const row = await this.uow.run(actor, async (tx): Promise<ConditionRow | undefined> => {
      const patient = await this.queries.execute(new ResolvePatientAccess(writer, patientId));
      if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
      if (!patient.allowed || patient.emergencyGrantId) {
        tx.record(refusedAs(actor, 'emr:write', 'Patient', patientId));
        refused = new NotFoundError('Patient', patientId);
        return undefined;
      }
      if (patient.currentPatientId !== patientId) throw new PatientMergedError(patientId, patient.currentPatientId);

      let hospitalId = principal.hospitalId;
      let departmentId = principal.departmentId;
      if (problem.encounterId !== undefined) {
        const encounter = await this.encounters.lockForEntry(tx.manager, problem.encounterId);
        if (!encounter || encounter.patient_id !== patientId) throw new NotFoundError('Encounter', problem.encounterId);
        if (!mayWrite(principal, scopedRecordOf(encounter), now)) {
          tx.record(refusedAs(actor, 'emr:write', 'Encounter', problem.encounterId));
          refused = new NotFoundError('Encounter', problem.encounterId);
          return undefined;
        }
        if (encounter.status === 'cancelled' || encounter.status === 'entered-in-error') {
          throw new EncounterVoidError(encounter.id, encounter.status);
        }
        if (!hospitalId || !departmentId) {
          hospitalId = encounter.hospital_id;
          departmentId = encounter.department_id;
        }
      }
      if (!hospitalId || !departmentId) {
        throw new InvalidInputError('The problem has invalid fields; see errors.', [
          { field: 'encounterId', message: 'encounterId is required when you belong to no hospital and department' },
        ]);
      }
      const scope = { patientId, hospitalId, departmentId, responsibleUserIds: [actor.id] };
      if (missingDiagnoseScope(principal, scope, now)) throw new DepartmentOutOfScopeError(hospitalId, departmentId);
      const display = await codedDisplay(tx.manager, this.codes, problem.code, problem.display);

      const linked = await this.commands.execute(new LinkPatientCare(actor, patientId, 'user', actor.id, CARE_LINK_SOURCE));
      // Merged between the question and the lock: the merge committed first.
      if (linked.patientId !== patientId) throw new PatientMergedError(patientId, linked.patientId);
      const stored = await this.conditions.insert(tx.manager, {
        id,
        category: 'problem-list-item',
        ...scope,
        encounterId: problem.encounterId ?? null,
        code: problem.code,
        display,
        clinicalStatus: problem.clinicalStatus,
        verificationStatus: problem.verificationStatus,
        primary: false,
        ...dates,
        recorderId: actor.id,
        recordedAt: now,
        ...this.cipher.texts(id, { note: problem.note ?? null, lateEntryReason: null }),
      });
      tx.record(new ProblemRecorded(this.views.snapshotOf(stored)));
      return stored;
    });
    if (!row) throw refused ?? new NotFoundError('Patient', patientId);
    return this.views.toView(row);
  }
}
