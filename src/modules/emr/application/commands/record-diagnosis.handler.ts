import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, uuidv7 } from '@hms/ddd';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { LinkPatientCare } from '../../../patients/index.js';
import { PrimaryDiagnosisTakenError } from '../../domain/condition-errors.js';
import { DiagnosisRecorded } from '../../domain/condition-events.js';
import { assertNewCondition } from '../../domain/condition-rules.js';
import { ConditionCipher } from '../../infrastructure/condition-cipher.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository, ONE_PRIMARY_DIAGNOSIS } from '../../infrastructure/condition.repository.js';
import { DiagnosisCodeRepository } from '../../infrastructure/diagnosis-code.repository.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { missingDiagnoseScope, refusedAs } from '../condition-access.js';
import type { ConditionView } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { codedDisplay } from '../diagnosis-codes.js';
import { admitEntry } from '../encounter-entry.js';
import { RecordDiagnosis } from './record-diagnosis.command.js';

/**
 * A diagnosis on an encounter, in one transaction: the encounter passes the
 * entry gate (share lock, emr:write scope 404 audited, status 409, late
 * entries flagged), the writer's emr:diagnose must cover it too (404,
 * audited), the code must be in the catalogue when one is loaded (422), and
 * the unique partial index keeps one primary diagnosis per encounter: of two
 * primaries at once, the second waits for the first's commit and answers 409.
 * The writer is linked to the patient: the link's key-share lock makes a
 * merge wait for this commit, and after a merge the link names the surviving
 * record, which the diagnosis is filed under, so none is left behind.
 */
/** What the care link to the writer says it came from. */
const CARE_LINK_SOURCE = 'emr.diagnosis';

@CommandHandler(RecordDiagnosis)
export class RecordDiagnosisHandler implements ICommandHandler<RecordDiagnosis, ConditionView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly conditions: ConditionRepository,
    private readonly codes: DiagnosisCodeRepository,
    private readonly cipher: ConditionCipher,
    private readonly views: ConditionViews,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer: { actor, principal }, encounterId, diagnosis }: RecordDiagnosis): Promise<ConditionView> {
    const now = new Date();
    assertNewCondition({ category: 'encounter-diagnosis', ...diagnosis, onsetDate: null, abatementDate: null }, now);
    const id = uuidv7();
    const row = await this.uow.run(actor, async (tx): Promise<ConditionRow | undefined> => {
      const admitted = await admitEntry(tx, this.encounters, principal, encounterId, diagnosis.lateEntryReason);
      if (!admitted) return undefined;
      const missing = missingDiagnoseScope(principal, admitted.scope, now);
      if (missing) {
        tx.record(refusedAs(actor, missing, 'Encounter', encounterId));
        return undefined;
      }
      const display = await codedDisplay(tx.manager, this.codes, diagnosis.code, diagnosis.display);
      const linked = await this.commands.execute(
        new LinkPatientCare(actor, admitted.encounter.patient_id, 'user', actor.id, CARE_LINK_SOURCE),
      );
      const texts = this.cipher.texts(id, {
        note: diagnosis.note ?? null,
        lateEntryReason: admitted.timing === 'late' ? (diagnosis.lateEntryReason ?? null) : null,
      });
      let stored: ConditionRow;
      try {
        stored = await this.conditions.insert(tx.manager, {
          id,
          category: 'encounter-diagnosis',
          patientId: linked.patientId,
          hospitalId: admitted.encounter.hospital_id,
          departmentId: admitted.encounter.department_id,
          responsibleUserIds: admitted.encounter.responsible_user_ids,
          encounterId,
          code: diagnosis.code,
          display,
          clinicalStatus: diagnosis.clinicalStatus,
          verificationStatus: diagnosis.verificationStatus,
          primary: diagnosis.primary,
          onsetDate: null,
          abatementDate: null,
          recorderId: actor.id,
          recordedAt: now,
          ...texts,
        });
      } catch (error) {
        if (sqlStateOf(error) === '23505' && constraintOf(error) === ONE_PRIMARY_DIAGNOSIS) {
          throw new PrimaryDiagnosisTakenError(encounterId);
        }
        throw error;
      }
      tx.record(new DiagnosisRecorded(this.views.snapshotOf(stored)));
      return stored;
    });
    // Unknown, or outside the writer's scopes (the refusal committed, audited): the same 404.
    if (!row) throw new NotFoundError('Encounter', encounterId);
    return this.views.toView(row);
  }
}
