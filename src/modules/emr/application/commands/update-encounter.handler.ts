import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { type EncounterField, EncounterUpdated } from '../../domain/encounter-events.js';
import { assertOpen } from '../../domain/encounter-lifecycle.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { type EncounterChange, EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { mayWrite, showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { linkCare, refusedWrite, rewrittenTexts, scopedRecordOf, snapshotOfRow } from '../encounter-writes.js';
import { checkPractitioners } from '../practitioner-references.js';
import { UpdateEncounter } from './update-encounter.command.js';

const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * Changes an open encounter's class, practitioners or reason under If-Match,
 * in the order every write follows: lock, scope (404, audited), rule (409
 * once closed), version (412), references, save, event. Users new to the
 * encounter are linked to the patient. A request that changes nothing
 * writes nothing.
 */
@CommandHandler(UpdateEncounter)
export class UpdateEncounterHandler implements ICommandHandler<UpdateEncounter, EncounterView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly cipher: EncounterCipher,
    private readonly views: EncounterViews,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({
    writer: { actor, principal },
    encounterId,
    expectedVersion,
    changes,
  }: UpdateEncounter): Promise<EncounterView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const row = await this.uow.run(actor, async (tx): Promise<EncounterRow | undefined> => {
      const current = await this.encounters.lock(tx.manager, encounterId);
      if (!current) throw new NotFoundError('Encounter', encounterId);
      if (!mayWrite(principal, scopedRecordOf(current))) {
        tx.record(refusedWrite(actor, 'Encounter', encounterId));
        return undefined;
      }
      assertOpen({ id: current.id, status: current.status });
      if (current.version !== expectedVersion) throw new VersionMismatchError('Encounter', expectedVersion, current.version);

      const attending =
        changes.attendingPractitionerId !== undefined ? changes.attendingPractitionerId : current.attending_practitioner_id;
      const careTeam = [...new Set(changes.careTeamIds ?? current.care_team_ids)].filter((id) => id !== attending);
      const reasonBefore = this.cipher.decrypt(current.id, 'reason_text', current.reason_text);
      const changed: EncounterField[] = [];
      if (changes.class !== undefined && changes.class !== current.class) changed.push('class');
      if (attending !== current.attending_practitioner_id) changed.push('attendingPractitionerId');
      if (!sameMembers(careTeam, current.care_team_ids)) changed.push('careTeamIds');
      if (changes.reasonText !== undefined && changes.reasonText !== reasonBefore) changed.push('reasonText');
      if (changed.length === 0) return current;

      const added = {
        attendingPractitionerId: attending !== current.attending_practitioner_id ? attending : null,
        careTeamIds: careTeam.filter((id) => !current.care_team_ids.includes(id) && id !== current.attending_practitioner_id),
      };
      await checkPractitioners(this.queries, current.hospital_id, added);
      const change: EncounterChange = {
        ...(changed.includes('class') ? { class: changes.class } : {}),
        ...(changed.includes('attendingPractitionerId') ? { attendingPractitionerId: attending } : {}),
        ...(changed.includes('careTeamIds') ? { careTeamIds: careTeam } : {}),
        ...(changed.includes('reasonText') ? rewrittenTexts(this.cipher, current, { reasonText: changes.reasonText }) : {}),
      };
      // A cleared attending practitioner is written as null: the repository skips only undefined.
      const updated = await this.encounters.update(tx.manager, encounterId, change);
      await linkCare(this.commands, actor, updated.patient_id, { users: added });
      tx.record(new EncounterUpdated(updated.version, snapshotOfRow(updated), changed));
      return updated;
    });
    if (!row) throw new NotFoundError('Encounter', encounterId);
    return this.views.toView(row, showsClinicalContent(principal, scopedRecordOf(row)));
  }
}
