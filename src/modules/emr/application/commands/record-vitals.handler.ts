import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type InvalidField, InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { CLOCK_SKEW_MS } from '../../domain/encounter-period.js';
import { VitalsRecorded } from '../../domain/vital-events.js';
import { checkVitalSet } from '../../domain/vital-signs.js';
import { ClinicalTextCipher } from '../../infrastructure/clinical-text-cipher.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { VitalRepository } from '../../infrastructure/vital.repository.js';
import { admitEntry } from '../encounter-entry.js';
import type { VitalSetView } from '../vital-view.js';
import { SET_LATE_REASON, VitalViews, vitalSetSnapshot } from '../vital-views.js';
import { RecordVitals } from './record-vitals.command.js';

/**
 * Records a set of vitals on an encounter, all or nothing: every
 * observation is checked first (400 naming each field at fault, nothing
 * stored), then the set passes the encounter's gate (share lock, emr:write,
 * 409 when locked or void; ADR 30) and is written with its observations, a
 * computed BMI, and one VitalsRecorded event.
 */
@CommandHandler(RecordVitals)
export class RecordVitalsHandler implements ICommandHandler<RecordVitals, VitalSetView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly vitals: VitalRepository,
    private readonly cipher: ClinicalTextCipher,
    private readonly views: VitalViews,
  ) {}

  async execute({ writer: { actor, principal }, encounterId, vitals }: RecordVitals): Promise<VitalSetView> {
    const now = new Date();
    const effectiveAt = vitals.effectiveAt ?? now;
    const errors: InvalidField[] = [];
    if (effectiveAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      errors.push({ field: 'effectiveDateTime', message: 'effectiveDateTime must not be in the future' });
    }
    const checked = checkVitalSet(vitals.observations);
    errors.push(...checked.errors);
    if (errors.length > 0) throw new InvalidInputError('The vital signs have invalid fields; see errors.', errors);

    const setId = uuidv7();
    const drafts = checked.observations.map((o) => ({ ...o, id: uuidv7() }));
    const stored = await this.uow.run(actor, async (tx) => {
      const admitted = await admitEntry(tx, this.encounters, principal, encounterId, vitals.lateEntryReason);
      if (!admitted) return undefined;
      const late = admitted.timing === 'late';
      const lateEntryReason = late ? this.cipher.encrypt(SET_LATE_REASON, setId, vitals.lateEntryReason ?? null) : null;
      const written = await this.vitals.insertSet(
        tx.manager,
        {
          id: setId,
          encounterId,
          scope: admitted.scope,
          recordedBy: actor.id,
          effectiveAt,
          lateEntry: late,
          lateEntryReason,
          piiKeyId: lateEntryReason === null ? null : this.cipher.activeKeyId,
        },
        drafts,
      );
      tx.record(new VitalsRecorded(vitalSetSnapshot(written.set, written.observations)));
      return written;
    });
    if (!stored) throw new NotFoundError('Encounter', encounterId);
    return this.views.set(stored.set, stored.observations);
  }
}
