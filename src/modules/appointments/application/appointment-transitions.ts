import { Injectable } from '@nestjs/common';
import { NotFoundError, VersionMismatchError } from '@hms/ddd';
import type { TransactionContext } from '../../../infrastructure/database/transaction-context.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import type { PatientEditor } from '../../patients/index.js';
import type { AppointmentAction } from '../domain/appointment-status.js';
import type { AppointmentRow } from '../infrastructure/appointment-row.js';
import { AppointmentRepository } from '../infrastructure/appointment.repository.js';
import { mayActOn, refusedAppointmentAccess } from './appointment-access.js';
import { scopeOf } from './appointment-facts.js';
import { type AppointmentView, appointmentViewOf } from './appointment-view.js';
import { PractitionerCalendars } from './practitioner-calendars.js';

/** The steps that follow a booking. */
export type LifecycleAction = Extract<AppointmentAction, 'reschedule' | 'cancel' | 'no-show' | 'check-in' | 'start' | 'complete'>;

/** The appointments permission each step needs over the appointment (appointments.permissions.ts). */
const LIFECYCLE_PERMISSION: Readonly<Record<LifecycleAction, 'book' | 'attend'>> = {
  reschedule: 'book',
  cancel: 'book',
  'no-show': 'book',
  'check-in': 'book',
  start: 'attend',
  complete: 'attend',
};

/**
 * A step refused by another context's rules after that context recorded its
 * refusal in this unit of work: the unit of work commits what was recorded
 * (the refusal's audit, nothing else: refusals come before writes), then
 * `error` is thrown as it is.
 */
export interface RefusedStep {
  readonly refused: unknown;
}

/** One step on the locked appointment: the row after it, or a refusal to commit then throw. */
export type Step = (tx: TransactionContext, row: AppointmentRow) => Promise<AppointmentRow | RefusedStep>;

/**
 * Runs one life-cycle step in one unit of work: the appointment locked
 * (FOR UPDATE, so two steps on it are serialised and the second sees the
 * first's outcome), 404 when unknown or outside the caller's scope of the
 * step's permission (the refusal audited, after the rollback), 412 when
 * If-Match names another version, then the step. Answers the appointment
 * after it, in the hospital's zone.
 */
@Injectable()
export class AppointmentTransitions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async run(
    writer: PatientEditor,
    appointmentId: string,
    action: LifecycleAction,
    expectedVersion: number | undefined,
    step: Step,
  ): Promise<AppointmentView> {
    const { actor, principal } = writer;
    const permission = LIFECYCLE_PERMISSION[action];
    let outOfScope = false;
    let refusal: RefusedStep | undefined;
    try {
      const view = await this.uow.run(actor, async (tx): Promise<AppointmentView | undefined> => {
        const row = await this.appointments.find(tx.manager, appointmentId, true);
        if (!row) throw new NotFoundError('Appointment', appointmentId);
        if (!mayActOn(principal, permission, scopeOf(row))) {
          outOfScope = true;
          throw new NotFoundError('Appointment', appointmentId);
        }
        if (expectedVersion !== undefined && expectedVersion !== row.version) {
          throw new VersionMismatchError('Appointment', expectedVersion, row.version);
        }
        const after = await step(tx, row);
        if ('refused' in after) {
          refusal = after;
          return undefined;
        }
        return appointmentViewOf(after, await this.calendars.zoneOf(after.hospital_id));
      });
      if (!view) throw refusal!.refused;
      return view;
    } catch (error) {
      if (outOfScope) {
        await this.uow.record(actor, refusedAppointmentAccess(actor, `appointments:${permission}`, 'Appointment', appointmentId));
      }
      throw error;
    }
  }
}
