import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { RecordEnteredInErrorError } from '../../domain/allergy-rules.js';
import { VitalMarkedEnteredInError } from '../../domain/vital-events.js';
import { BMI_CODE } from '../../domain/vital-signs.js';
import { ClinicalTextCipher } from '../../infrastructure/clinical-text-cipher.js';
import type { VitalObservationRow } from '../../infrastructure/vital-rows.js';
import { VitalRepository } from '../../infrastructure/vital.repository.js';
import { refusedRecordWrite, scopeOfRow } from '../clinical-record-access.js';
import { mayWrite } from '../encounter-access.js';
import type { VitalObservationView } from '../vital-view.js';
import { OBSERVATION_STATUS_REASON, VitalViews, vitalSetSnapshot } from '../vital-views.js';
import { MarkVitalEnteredInError } from './mark-vital-entered-in-error.command.js';

/** The measurements a computed BMI is made of: marking one wrong makes the BMI wrong too. */
const BMI_INPUTS = new Set(['29463-7', '8302-2']);

/**
 * Marks one observation entered-in-error, with its reason (encrypted): kept,
 * never deleted. The order is the house's: lock (the set, FOR UPDATE, so two
 * marks in one set serialise), scope (emr:write over the observation, 404
 * audited), rule (409 when marked already), version (If-Match: 428, 412),
 * save, event. A BMI computed from a weight or height marked wrong is marked
 * with it. A correction, not a new entry: the encounter's status is not gated.
 */
@CommandHandler(MarkVitalEnteredInError)
export class MarkVitalEnteredInErrorHandler implements ICommandHandler<MarkVitalEnteredInError, VitalObservationView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly vitals: VitalRepository,
    private readonly cipher: ClinicalTextCipher,
    private readonly views: VitalViews,
  ) {}

  async execute({
    writer: { actor, principal },
    observationId,
    expectedVersion,
    reason,
  }: MarkVitalEnteredInError): Promise<VitalObservationView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const row = await this.uow.run(actor, async (tx): Promise<VitalObservationRow | undefined> => {
      const setId = await this.vitals.setOf(tx.manager, observationId);
      const locked = setId === undefined ? undefined : await this.vitals.lockSet(tx.manager, setId);
      const current = locked?.observations.find((o) => o.id === observationId);
      if (!locked || !current) throw new NotFoundError('VitalObservation', observationId);
      if (!mayWrite(principal, scopeOfRow(current))) {
        tx.record(refusedRecordWrite(actor, 'VitalObservation', observationId));
        return undefined;
      }
      if (current.status === 'entered-in-error') throw new RecordEnteredInErrorError('VitalObservation', observationId);
      if (current.version !== expectedVersion)
        throw new VersionMismatchError('VitalObservation', expectedVersion, current.version);
      const marked = [
        current,
        ...(BMI_INPUTS.has(current.code)
          ? locked.observations.filter((o) => o.code === BMI_CODE && o.derived && o.status === 'final')
          : []),
      ];
      const set = await this.vitals.markEnteredInError(
        tx.manager,
        locked.set.id,
        marked.map((o) => ({
          id: o.id,
          statusReason: this.cipher.encrypt(OBSERVATION_STATUS_REASON, o.id, reason)!,
          piiKeyId: this.cipher.activeKeyId,
        })),
      );
      const observations = await this.vitals.observationsOf(tx.manager, set.id);
      tx.record(
        new VitalMarkedEnteredInError(
          set.version,
          vitalSetSnapshot(set, observations),
          marked.map((o) => o.id),
        ),
      );
      return observations.find((o) => o.id === observationId);
    });
    if (!row) throw new NotFoundError('VitalObservation', observationId);
    return this.views.observation(row);
  }
}
