import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { type AllergyField, AllergyUpdated } from '../../domain/allergy-events.js';
import { isActive, nextStatuses } from '../../domain/allergy-rules.js';
import { CLOCK_SKEW_MS } from '../../domain/encounter-period.js';
import type { AllergyRow } from '../../infrastructure/allergy-row.js';
import { AllergyRepository } from '../../infrastructure/allergy.repository.js';
import type { AllergyView } from '../allergy-view.js';
import { AllergyViews, allergySnapshot } from '../allergy-views.js';
import { assertionConflictOf, makeRoomFor } from '../allergy-writes.js';
import { refusedRecordWrite, scopeOfRow } from '../clinical-record-access.js';
import { mayWrite } from '../encounter-access.js';
import { type AllergyChanges, UpdateAllergy } from './update-allergy.command.js';

const SUBSTANCE_ONLY: readonly (keyof AllergyChanges)[] = [
  'substance',
  'type',
  'category',
  'criticality',
  'reactions',
  'onsetAt',
];
const FIELD_NAME: Partial<Record<keyof AllergyChanges, AllergyField>> = { onsetAt: 'onsetDateTime' };

const sameArray = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Changes an allergy or the no-known-allergies assertion under If-Match, in
 * the house's order: lock (the patient's assertion row, then the record),
 * scope (404, audited), rule (409 once entered in error; a substance's
 * fields on the assertion 400), version (412), save (a new version, every
 * text re-encrypted under the active key), event. A record becoming active
 * follows the one-assertion rule as a new one does. Nothing changed, nothing
 * written.
 */
@CommandHandler(UpdateAllergy)
export class UpdateAllergyHandler implements ICommandHandler<UpdateAllergy, AllergyView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly allergies: AllergyRepository,
    private readonly views: AllergyViews,
  ) {}

  async execute({ writer: { actor, principal }, allergyId, expectedVersion, changes }: UpdateAllergy): Promise<AllergyView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    if (changes.onsetAt && changes.onsetAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw new InvalidInputError('The allergy has invalid fields; see errors.', [
        { field: 'onsetDateTime', message: 'onsetDateTime must not be in the future' },
      ]);
    }
    let patientId: string | undefined;
    try {
      const row = await this.uow.run(actor, async (tx): Promise<AllergyRow | undefined> => {
        patientId = await this.allergies.patientOf(tx.manager, allergyId);
        if (!patientId) throw new NotFoundError('AllergyIntolerance', allergyId);
        await this.allergies.lockAssertions(tx.manager, patientId);
        const current = (await this.allergies.lock(tx.manager, allergyId))!;
        // Moved by a merge meanwhile: its new patient's writes serialise on that one's row.
        if (current.patient_id !== patientId) {
          patientId = current.patient_id;
          await this.allergies.lockAssertions(tx.manager, patientId);
        }
        if (!mayWrite(principal, scopeOfRow(current))) {
          tx.record(refusedRecordWrite(actor, 'AllergyIntolerance', allergyId));
          return undefined;
        }
        if (current.kind === 'no-known-allergies') {
          const misplaced = SUBSTANCE_ONLY.filter((key) => changes[key] !== undefined);
          if (misplaced.length > 0) {
            throw new InvalidInputError(
              'The assertion of no known allergies has no substance; see errors.',
              misplaced.map((key) => {
                const field = FIELD_NAME[key] ?? key;
                return { field, message: `${field} does not apply to the no-known-allergies assertion` };
              }),
            );
          }
        }
        const statuses = nextStatuses(
          allergyId,
          { clinicalStatus: current.clinical_status, verificationStatus: current.verification_status },
          { clinicalStatus: changes.clinicalStatus, verificationStatus: changes.verificationStatus },
        );
        if (current.version !== expectedVersion)
          throw new VersionMismatchError('AllergyIntolerance', expectedVersion, current.version);

        const before = this.views.texts(current);
        const texts = { substance: changes.substance ?? before.substance, reactions: changes.reactions ?? before.reactions };
        const next = {
          type: changes.type !== undefined ? changes.type : current.type,
          categories: changes.category !== undefined ? [...new Set(changes.category)] : current.categories,
          criticality: changes.criticality !== undefined ? changes.criticality : current.criticality,
          onset_at: changes.onsetAt !== undefined ? changes.onsetAt : current.onset_at,
        };
        const changed: AllergyField[] = [];
        if (texts.substance !== before.substance) changed.push('substance');
        if (next.type !== current.type) changed.push('type');
        if (!sameArray(next.categories, current.categories)) changed.push('category');
        if (next.criticality !== current.criticality) changed.push('criticality');
        if (!sameArray(texts.reactions, before.reactions)) changed.push('reactions');
        if (statuses.clinicalStatus !== current.clinical_status) changed.push('clinicalStatus');
        if (statuses.verificationStatus !== current.verification_status) changed.push('verificationStatus');
        if (!sameInstant(next.onset_at, current.onset_at)) changed.push('onsetDateTime');
        if (changed.length === 0) return current;

        if (
          isActive(statuses) &&
          !isActive({ clinicalStatus: current.clinical_status, verificationStatus: current.verification_status })
        ) {
          await makeRoomFor(tx, this.allergies, current.patient_id, { id: current.id, kind: current.kind });
        }
        const updated = await this.allergies.update(tx.manager, allergyId, {
          ...next,
          clinical_status: statuses.clinicalStatus,
          verification_status: statuses.verificationStatus,
          ...this.views.encrypted(allergyId, texts),
        });
        tx.record(new AllergyUpdated(updated.version, allergySnapshot(updated), changed));
        return updated;
      });
      if (!row) throw new NotFoundError('AllergyIntolerance', allergyId);
      return this.views.view(row);
    } catch (error) {
      throw patientId ? assertionConflictOf(error, patientId) : error;
    }
  }
}
