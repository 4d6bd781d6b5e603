import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, uuidv7 } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { PiiRotationAlreadyRunningError } from '../../domain/pii-rotation-already-running.error.js';
import { PiiRotationStarted } from '../../domain/pii-rotation-started.event.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import { PiiRotationRepository, RUNNING_ROTATION_INDEX } from '../../infrastructure/pii-rotation.repository.js';
import { toPiiRotationView, type PiiRotationView } from '../pii-rotation-view.js';
import { StartPiiRotation } from './start-pii-rotation.command.js';

const UNIQUE_VIOLATION = '23505';

/**
 * Records the rotation (RUNNING, target = this process's active key) and its
 * PiiRotationStarted event in one transaction; the event's handler queues the
 * job after commit, so this never talks to Redis. A second rotation of the
 * same kind is refused while one runs; the unique index decides races.
 */
@CommandHandler(StartPiiRotation)
export class StartPiiRotationHandler implements ICommandHandler<StartPiiRotation, PiiRotationView> {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rotations: PiiRotationRepository,
    private readonly cipher: PatientCipher,
  ) {}

  async execute({ kind, actor }: StartPiiRotation): Promise<PiiRotationView> {
    const targetKeyId = kind === 'encryption' ? this.cipher.activeKeyId : this.cipher.activeIndexKeyId;
    const id = uuidv7();
    try {
      return await this.uow.run(actor, async (tx) => {
        const running = await this.rotations.findRunning(tx.manager, kind);
        if (running) throw new PiiRotationAlreadyRunningError(kind, running.id);
        await this.rotations.insert(tx.manager, { id, kind, targetKeyId, requestedBy: actor.id });
        tx.record(new PiiRotationStarted(id, { kind, targetKeyId }));
        const row = await this.rotations.findById(tx.manager, id);
        if (!row) throw new NotFoundError('PiiRotation', id);
        return toPiiRotationView(row, null);
      });
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION && constraintOf(error) === RUNNING_ROTATION_INDEX) {
        throw new PiiRotationAlreadyRunningError(kind, (await this.rotations.findRunning(this.dataSource.manager, kind))?.id);
      }
      throw error;
    }
  }
}
