import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import {
  EncounterCancelled,
  EncounterFinished,
  EncounterMarkedEnteredInError,
  type EncounterSnapshot,
  EncounterStarted,
} from '../../domain/encounter-events.js';
import { transitionEncounter } from '../../domain/encounter-lifecycle.js';
import type { EncounterTransition } from '../../domain/encounter-status.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import { type EncounterRow, toEncounterState } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { mayWrite, showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { refusedWrite, rewrittenTexts, scopedRecordOf, snapshotOfRow } from '../encounter-writes.js';
import { ChangeEncounterStatus } from './change-encounter-status.command.js';

const EVENT_OF: Record<EncounterTransition, (version: number, snapshot: EncounterSnapshot) => EncounterSnapshotEvent> = {
  start: (version, snapshot) => new EncounterStarted(version, snapshot),
  finish: (version, snapshot) => new EncounterFinished(version, snapshot),
  cancel: (version, snapshot) => new EncounterCancelled(version, snapshot),
  'mark-entered-in-error': (version, snapshot) => new EncounterMarkedEnteredInError(version, snapshot),
};

type EncounterSnapshotEvent = EncounterStarted | EncounterFinished | EncounterCancelled | EncounterMarkedEnteredInError;

/**
 * A status transition on the locked row: of two at once, the second waits
 * for the first's commit and then meets the status it left (409). Scope
 * first (404, audited), then the state machine (409) and its instants (400),
 * then If-Match when sent (412). A reason (cancel, entered-in-error) is
 * stored encrypted and kept out of the event.
 */
@CommandHandler(ChangeEncounterStatus)
export class ChangeEncounterStatusHandler implements ICommandHandler<ChangeEncounterStatus, EncounterView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly cipher: EncounterCipher,
    private readonly views: EncounterViews,
  ) {}

  async execute({
    writer: { actor, principal },
    encounterId,
    transition,
    expectedVersion,
    details,
  }: ChangeEncounterStatus): Promise<EncounterView> {
    const row = await this.uow.run(actor, async (tx): Promise<EncounterRow | undefined> => {
      const current = await this.encounters.lock(tx.manager, encounterId);
      if (!current) throw new NotFoundError('Encounter', encounterId);
      if (!mayWrite(principal, scopedRecordOf(current))) {
        tx.record(refusedWrite(actor, 'Encounter', encounterId));
        return undefined;
      }
      const outcome = transitionEncounter(
        toEncounterState(current),
        { transition, at: details.at, reasonGiven: details.reason !== undefined },
        new Date(),
      );
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new VersionMismatchError('Encounter', expectedVersion, current.version);
      }
      const updated = await this.encounters.update(tx.manager, encounterId, {
        status: outcome.status,
        periodStart: outcome.periodStart,
        periodEnd: outcome.periodEnd,
        ...(details.reason !== undefined ? rewrittenTexts(this.cipher, current, { statusReason: details.reason }) : {}),
      });
      tx.record(EVENT_OF[transition](updated.version, snapshotOfRow(updated)));
      return updated;
    });
    if (!row) throw new NotFoundError('Encounter', encounterId);
    return this.views.toView(row, showsClinicalContent(principal, scopedRecordOf(row)));
  }
}
