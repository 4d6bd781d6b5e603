import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, NotFoundError } from '@hms/ddd';
import { CreateEncounter, type EmrErrorCode, type EncounterView } from '../../../emr/index.js';
import { AppointmentStarted } from '../../domain/appointment-events.js';
import { assertCan } from '../../domain/appointment-status.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { factsOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { AppointmentTransitions } from '../appointment-transitions.js';
import type { AppointmentView } from '../appointment-view.js';
import { StartAppointment } from './start-appointment.command.js';

const DEPARTMENT_OUT_OF_SCOPE: EmrErrorCode = 'EMR.DEPARTMENT_OUT_OF_SCOPE';

/**
 * The EMR's refusals of the caller (the patient outside their patients:read,
 * 404; the department outside their emr:write, 422): the EMR records each
 * in the unit of work it joins, before it writes anything (ADR 30), and
 * leaves to the caller what to keep.
 */
function isEmrRefusal(error: unknown): boolean {
  return error instanceof NotFoundError || (error instanceof DomainError && error.code === DEPARTMENT_OUT_OF_SCOPE);
}

/**
 * Starts the visit of an arrived patient: the EMR encounter is opened
 * through the EMR's contract with the caller as its writer (ambulatory, in
 * progress, the appointment's hospital and department, the appointment's
 * practitioner attending), in this unit of work, so the encounter and the
 * appointment naming it commit together or not at all. The EMR's own rules
 * apply and its errors are answered as they are; a refusal of the caller
 * commits its audit alone. A second start finds the encounter named on the
 * locked row and is refused (409) before any encounter is opened.
 */
@CommandHandler(StartAppointment)
export class StartAppointmentHandler implements ICommandHandler<StartAppointment, AppointmentView> {
  constructor(
    private readonly transitions: AppointmentTransitions,
    private readonly appointments: AppointmentRepository,
    private readonly commands: CommandBus,
  ) {}

  execute({ writer, appointmentId, expectedVersion }: StartAppointment): Promise<AppointmentView> {
    return this.transitions.run(writer, appointmentId, 'start', expectedVersion, async (tx, row) => {
      assertCan(factsOf(row), 'start');
      let encounter: EncounterView;
      try {
        encounter = await this.commands.execute(
          new CreateEncounter(writer, row.patient_id!, {
            class: 'AMB',
            status: 'in-progress',
            hospitalId: row.hospital_id,
            departmentId: row.department_id,
            attendingPractitionerId: row.practitioner_id,
          }),
        );
      } catch (error) {
        if (isEmrRefusal(error)) return { refused: error };
        throw error;
      }
      const started = await this.appointments.update(tx.manager, row.id, { encounterId: encounter.id });
      tx.record(new AppointmentStarted(started.version, snapshotOf(started)));
      return started;
    });
  }
}
