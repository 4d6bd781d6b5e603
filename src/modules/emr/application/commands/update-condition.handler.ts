import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PrimaryDiagnosisTakenError } from '../../domain/condition-errors.js';
import { DiagnosisUpdated, ProblemUpdated } from '../../domain/condition-events.js';
import { changeCondition } from '../../domain/condition-rules.js';
import { AGGREGATE_OF } from '../../domain/condition-vocabulary.js';
import { ConditionCipher } from '../../infrastructure/condition-cipher.js';
import { type ConditionRow, toConditionState } from '../../infrastructure/condition-row.js';
import { ConditionRepository, ONE_PRIMARY_DIAGNOSIS } from '../../infrastructure/condition.repository.js';
import { missingDiagnoseScope, refusedAs, scopedConditionOf } from '../condition-access.js';
import type { ConditionView } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { UpdateCondition } from './update-condition.command.js';

/**
 * Changes a diagnosis or problem-list entry in the house's order: lock, scope
 * (emr:write and emr:diagnose over the record's own columns; 404, audited),
 * rule (409 once entered in error, 400), version (If-Match: 428 without, 412
 * stale), save, event. Entered-in-error is how a wrong one is withdrawn:
 * the row stays. Making a diagnosis primary meets the unique index (409).
 * A request that changes nothing writes nothing.
 */
@CommandHandler(UpdateCondition)
export class UpdateConditionHandler implements ICommandHandler<UpdateCondition, ConditionView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conditions: ConditionRepository,
    private readonly cipher: ConditionCipher,
    private readonly views: ConditionViews,
  ) {}

  async execute({
    writer: { actor, principal },
    category,
    conditionId,
    expectedVersion,
    changes,
  }: UpdateCondition): Promise<ConditionView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const aggregate = AGGREGATE_OF[category];
    const now = new Date();
    const row = await this.uow.run(actor, async (tx): Promise<ConditionRow | undefined> => {
      const current = await this.conditions.lock(tx.manager, conditionId, category);
      if (!current) throw new NotFoundError(aggregate, conditionId);
      const missing = missingDiagnoseScope(principal, scopedConditionOf(current), now);
      if (missing) {
        tx.record(refusedAs(actor, missing, aggregate, conditionId));
        return undefined;
      }
      const noteBefore = this.cipher.decrypt(current.id, 'note', current.note);
      const noteChanged = changes.note !== undefined && changes.note !== noteBefore;
      const outcome = changeCondition(toConditionState(current), { ...changes, noteChanged }, now);
      if (current.version !== expectedVersion) throw new VersionMismatchError(aggregate, expectedVersion, current.version);
      if (outcome.changedFields.length === 0) return current;

      let updated: ConditionRow;
      try {
        updated = await this.conditions.update(tx.manager, conditionId, {
          clinicalStatus: outcome.clinicalStatus,
          verificationStatus: outcome.verificationStatus,
          primary: outcome.primary,
          // Null clears: the repository skips undefined only, so dates are always written as decided.
          onsetDate: outcome.onsetDate,
          abatementDate: outcome.abatementDate,
          ...(noteChanged
            ? this.cipher.texts(current.id, {
                note: changes.note ?? null,
                lateEntryReason: this.cipher.decrypt(current.id, 'late_entry_reason', current.late_entry_reason),
              })
            : {}),
        });
      } catch (error) {
        if (sqlStateOf(error) === '23505' && constraintOf(error) === ONE_PRIMARY_DIAGNOSIS) {
          throw new PrimaryDiagnosisTakenError(current.encounter_id ?? conditionId);
        }
        throw error;
      }
      const snapshot = this.views.snapshotOf(updated);
      tx.record(
        category === 'encounter-diagnosis'
          ? new DiagnosisUpdated(updated.version, snapshot, outcome.changedFields)
          : new ProblemUpdated(updated.version, snapshot, outcome.changedFields),
      );
      return updated;
    });
    if (!row) throw new NotFoundError(aggregate, conditionId);
    return this.views.toView(row);
  }
}
