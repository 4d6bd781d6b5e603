import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { type DomainEvent, InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import type { AccessDenied } from '@hms/authz';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ResolvePatientAccess } from '../../../patients/index.js';
import { AppointmentRuleError } from '../../domain/appointment-errors.js';
import { AppointmentBooked, AppointmentHeld, AppointmentHoldReleased } from '../../domain/appointment-events.js';
import { slotFor } from '../../domain/booking-rules.js';
import { DEFAULT_SLOT_MINUTES, inForceOn } from '../../domain/schedule.js';
import { localTimeOf } from '../../domain/wall-clock.js';
import type { AppointmentRow } from '../../infrastructure/appointment-row.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { AppointmentMetrics } from '../../infrastructure/appointment-metrics.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { mayActOn, refusedAppointmentAccess } from '../appointment-access.js';
import { scopeOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { appointmentViewOf } from '../appointment-view.js';
import { bookingConflictOf } from '../booking-conflicts.js';
import { FreeSlots } from '../free-slots.js';
import { type DepartmentPlace, PractitionerCalendars } from '../practitioner-calendars.js';
import { BookAppointment, type BookingOutcome } from './book-appointment.command.js';

const MINUTE = 60_000;
/** ISO 4217's code for "no currency": a slot of an extra session with no schedule has no price. */
const NO_CURRENCY = 'XXX';

/**
 * Books (or holds) a slot. The rules that need no lock are checked first
 * (slotFor); then, under an advisory lock on the practitioner's local day,
 * lapsed holds in the way are let go, the day's count is checked against
 * the limit, and the row is inserted: the exclusion constraints refuse any
 * overlap of the practitioner's or the patient's time, whatever interleaving
 * of requests, and their violation is answered as the slot taken (with the
 * next free one) or the patient booked elsewhere. An Idempotency-Key replays
 * the booking it made; a hold named by `holdId` becomes the booking.
 */
@CommandHandler(BookAppointment)
export class BookAppointmentHandler implements ICommandHandler<BookAppointment, BookingOutcome> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appointments: AppointmentRepository,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
    private readonly freeSlots: FreeSlots,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: AppointmentMetrics,
  ) {}

  async execute({ writer, request, options }: BookAppointment): Promise<BookingOutcome> {
    const { actor, principal } = writer;
    const now = options.now ?? new Date();
    const hold = options.hold === true;
    const errors = [];
    if (request.end && request.end <= request.start) errors.push({ field: 'end', message: 'end must be after start' });
    if (!hold && !request.patientId) errors.push({ field: 'patientId', message: 'patientId is required to book' });
    if (hold && request.holdId) errors.push({ field: 'holdId', message: 'a hold is not made from another hold' });
    if (errors.length > 0) throw new InvalidInputError('The appointment has invalid fields; see errors.', errors);

    let refusal: AccessDenied | undefined;
    let refusedAs: [string, string] = ['Department', request.departmentId];
    let place: DepartmentPlace | undefined;
    let asked = { practitionerId: request.practitionerId, start: request.start };
    try {
      const outcome = await this.uow.run(actor, async (tx): Promise<BookingOutcome | undefined> => {
        const db = tx.manager;
        if (options.idempotencyKey) {
          await this.appointments.lockIdempotencyKey(db, actor.id, options.idempotencyKey);
          const existing = await this.appointments.findByIdempotencyKey(db, actor.id, options.idempotencyKey);
          if (existing) {
            if (existing.request_sha256 !== (options.requestSha256 ?? null)) {
              throw new AppointmentRuleError(
                'APPOINTMENT.IDEMPOTENCY_KEY_REUSED',
                'This Idempotency-Key was used for another request; use a new key for a new booking.',
                { appointmentId: existing.id },
              );
            }
            const zone = await this.calendars.zoneOf(existing.hospital_id);
            return { appointment: appointmentViewOf(existing, zone), replayed: true };
          }
        }

        // A hold becoming the booking: its slot, practitioner and department stand.
        let held: AppointmentRow | undefined;
        if (request.holdId) {
          held = await this.appointments.find(db, request.holdId, true);
          if (!held || (held.status !== 'proposed' && held.cancellation_reason !== 'hold lapsed')) {
            throw new NotFoundError('AppointmentHold', request.holdId);
          }
          if (!mayActOn(principal, 'book', scopeOf(held))) {
            refusal = refusedAppointmentAccess(actor, 'appointments:book', 'AppointmentHold', request.holdId);
            refusedAs = ['AppointmentHold', request.holdId];
            return undefined;
          }
          if (held.practitioner_id !== request.practitionerId || new Date(held.starts_at).getTime() !== request.start.getTime()) {
            throw new InvalidInputError('holdId names a hold of another slot; book the slot it holds.', [
              { field: 'holdId', message: 'the hold is of another practitioner or start' },
            ]);
          }
          if (held.status !== 'proposed' || new Date(held.hold_expires_at!) <= now) {
            throw new AppointmentRuleError(
              'APPOINTMENT.HOLD_LAPSED',
              'The hold has lapsed; book the slot anew if it is still free.',
              {
                holdId: held.id,
              },
            );
          }
        }
        const practitionerId = held?.practitioner_id ?? request.practitionerId;
        const departmentId = held?.department_id ?? request.departmentId;
        const practitioner = await this.calendars.practitioner(practitionerId);
        place = await this.calendars.place(departmentId, held?.hospital_id ?? practitioner.view.hospitalId);
        const scope = { hospitalId: place.hospitalId, departmentId, practitionerId, patientId: request.patientId ?? null };
        if (!mayActOn(principal, 'book', scope)) {
          refusal = refusedAppointmentAccess(actor, 'appointments:book', 'Department', departmentId);
          refusedAs = ['Department', departmentId];
          return undefined;
        }
        if (request.overbookReason !== undefined && !mayActOn(principal, 'overbook', scope)) {
          throw new AppointmentRuleError(
            'APPOINTMENT.OVERBOOK_NOT_ALLOWED',
            'Overbooking needs appointments:overbook over this department.',
          );
        }
        this.calendars.assertActive(practitioner);

        if (request.patientId) {
          const patient = await this.queries.execute(new ResolvePatientAccess(writer, request.patientId));
          if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', request.patientId);
          if (!patient.allowed || patient.emergencyGrantId) {
            refusal = refusedAppointmentAccess(actor, 'patients:read', 'Patient', request.patientId);
            refusedAs = ['Patient', request.patientId];
            return undefined;
          }
          if (patient.currentPatientId !== request.patientId) {
            throw new AppointmentRuleError(
              'APPOINTMENT.PATIENT_MERGED',
              'This patient record was merged into another; book the surviving record.',
              { patientId: request.patientId, survivingPatientId: patient.currentPatientId },
            );
          }
          if (!patient.active) {
            throw new AppointmentRuleError('APPOINTMENT.PATIENT_INACTIVE', 'The patient record is not active.', {
              patientId: request.patientId,
            });
          }
        }

        const start = held ? new Date(held.starts_at) : request.start;
        asked = { practitionerId, start };
        let end = held ? new Date(held.ends_at) : request.end;
        let scheduleId = held?.schedule_id ?? null;
        if (!held) {
          const calendar = await this.calendars.calendarFor(practitioner, place, start, end ?? start, {
            walkIn: request.walkIn === true,
            now,
          });
          if (!end) {
            const date = localTimeOf(start, place.zone).date;
            const schedule = calendar.schedules.find((s) => s.departmentId === departmentId && inForceOn(s, date));
            end = new Date(start.getTime() + (schedule?.slotMinutes ?? DEFAULT_SLOT_MINUTES) * MINUTE);
          }
          scheduleId = slotFor({ practitionerId, departmentId, start, end }, calendar).scheduleId;
        }
        const localDate = localTimeOf(start, place.zone).date;

        await this.appointments.lockDay(db, practitionerId, localDate);
        const events: DomainEvent<unknown>[] = [];
        for (const lapsed of await this.appointments.lapseHolds(db, practitionerId, request.patientId ?? null, start, end!)) {
          events.push(new AppointmentHoldReleased(lapsed.version, snapshotOf(lapsed), true));
        }
        const limit = this.config.appointments.dailyLimitPerPractitioner;
        if (!held && (await this.appointments.countHoldingOnDay(db, practitionerId, localDate)) >= limit) {
          if (request.overbookReason === undefined) {
            throw new AppointmentRuleError(
              'APPOINTMENT.DAILY_LIMIT_REACHED',
              `The practitioner already has ${limit} appointments on ${localDate}; choose another day.`,
              { limit, localDate },
            );
          }
        }
        const schedule = scheduleId ? await this.schedules.find(db, scheduleId) : undefined;
        const bookingKey = options.idempotencyKey
          ? { idempotencyKey: options.idempotencyKey, requestSha256: options.requestSha256 ?? '' }
          : {};
        const row = held
          ? await this.appointments.update(db, held.id, {
              status: 'booked',
              patientId: request.patientId,
              holdExpiresAt: null,
              walkIn: request.walkIn === true,
              overbookReason: request.overbookReason ?? null,
              ...bookingKey,
            })
          : await this.appointments.insert(db, {
              id: uuidv7(),
              hospitalId: place.hospitalId,
              departmentId,
              practitionerId,
              patientId: request.patientId ?? null,
              status: hold ? 'proposed' : 'booked',
              start,
              end: end!,
              localDate,
              holdExpiresAt: hold ? new Date(now.getTime() + this.config.appointments.holdSeconds * 1000) : null,
              walkIn: request.walkIn === true,
              overbookReason: request.overbookReason ?? null,
              seriesId: request.seriesId ?? null,
              scheduleId,
              priceMinor: schedule ? Number(schedule.price_minor) : 0,
              currency: schedule?.currency ?? NO_CURRENCY,
              bookedBy: actor.id,
              idempotencyKey: options.idempotencyKey ?? null,
              requestSha256: options.idempotencyKey ? (options.requestSha256 ?? '') : null,
            });
        if (!held) await this.appointments.addPeriod(db, row.id, start, end!, actor.id);
        events.push(
          hold
            ? new AppointmentHeld(snapshotOf(row), new Date(row.hold_expires_at!))
            : new AppointmentBooked(row.version, snapshotOf(row)),
        );
        tx.record(...events);
        return { appointment: appointmentViewOf(row, place.zone), replayed: false };
      });
      if (!outcome) throw new NotFoundError(...refusedAs);
      // A series' occurrence is counted by the series, once it commits.
      if (!this.uow.inTransaction()) this.metrics.booked(outcome, now);
      return outcome;
    } catch (error) {
      if (refusal) await this.uow.record(actor, refusal);
      throw await bookingConflictOf(
        error,
        { practitionerId: asked.practitionerId, place, start: asked.start, now, inTransaction: this.uow.inTransaction() },
        this.freeSlots,
      );
    }
  }
}
