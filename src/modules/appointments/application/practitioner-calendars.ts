import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { GetPractitioner, type PractitionerView } from '../../auth/index.js';
import { GetHospital, LocateDepartment } from '../../hospitals/index.js';
import { AppointmentRuleError } from '../domain/appointment-errors.js';
import type { BookingCalendar } from '../domain/booking-rules.js';
import type { ScheduleException, ScheduleRule } from '../domain/schedule.js';
import { type ClinicHours, DEFAULT_CLINIC_HOURS } from '../domain/slot-grid.js';
import { addDays, localTimeOf } from '../domain/wall-clock.js';
import type { ScheduleExceptionRow, ScheduleRow } from '../infrastructure/schedule-row.js';
import { ScheduleRepository } from '../infrastructure/schedule.repository.js';

/** A practitioner as the appointments context books them. */
export interface BookablePractitioner {
  readonly view: PractitionerView;
  /** The user's own department and every department they hold a schedule in. */
  readonly departmentIds: readonly string[];
}

/** Where a department is and what its clock says. */
export interface DepartmentPlace {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly zone: string;
  readonly clinic: ClinicHours;
}

export function scheduleRuleOf(row: ScheduleRow): ScheduleRule {
  return {
    id: row.id,
    practitionerId: row.practitioner_id,
    departmentId: row.department_id,
    slotMinutes: row.slot_minutes,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    weeklyHours: row.weekly_hours,
  };
}

export function exceptionOf(row: ScheduleExceptionRow): ScheduleException {
  return {
    id: row.id,
    kind: row.kind,
    departmentId: row.department_id,
    start: new Date(row.starts_at),
    end: new Date(row.ends_at),
  };
}

/**
 * Loads what booking rules are decided on: the practitioner (auth's
 * contract), the department's hospital and time zone (hospitals' contract),
 * clinic hours, schedules and exceptions around an instant.
 */
@Injectable()
export class PractitionerCalendars {
  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A doctor's account, or 404 (unknown, or not a doctor: nobody books them). */
  async practitioner(practitionerId: string): Promise<BookablePractitioner> {
    let view: PractitionerView;
    try {
      view = await this.queries.execute(new GetPractitioner(practitionerId));
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('Practitioner', practitionerId);
      throw error;
    }
    if (!view.isDoctor) throw new NotFoundError('Practitioner', practitionerId);
    const scheduled = await this.schedules.departmentsOf(this.uow.manager(), practitionerId);
    return { view, departmentIds: [...new Set([...(view.departmentId ? [view.departmentId] : []), ...scheduled])] };
  }

  /** 422 unless the practitioner's account is active. */
  assertActive(practitioner: BookablePractitioner): void {
    if (practitioner.view.status !== 'active') {
      throw new AppointmentRuleError('APPOINTMENT.PRACTITIONER_INACTIVE', 'The practitioner’s account is not active.', {
        practitionerId: practitioner.view.id,
      });
    }
  }

  /** The department (404 when unknown, or of another hospital than `hospitalHint`), its hospital's zone and clinic hours. */
  async place(departmentId: string, hospitalHint: string | null): Promise<DepartmentPlace> {
    const department = await this.queries.execute(new LocateDepartment(departmentId));
    // A department of another hospital than the one expected is none of this booking's.
    if (hospitalHint && department.hospitalId !== hospitalHint) throw new NotFoundError('Department', departmentId);
    const { hospitalId } = department;
    const hospital = await this.queries.execute(new GetHospital(hospitalId));
    const clinic = (await this.schedules.clinicHoursOf(this.uow.manager(), hospitalId)) ?? DEFAULT_CLINIC_HOURS;
    return { hospitalId, departmentId, zone: hospital.timeZone, clinic };
  }

  /** A hospital's IANA time zone. */
  async zoneOf(hospitalId: string): Promise<string> {
    return (await this.queries.execute(new GetHospital(hospitalId))).timeZone;
  }

  /** The calendar booking rules need for a request around `start`. */
  async calendarFor(
    practitioner: BookablePractitioner,
    place: DepartmentPlace,
    start: Date,
    end: Date,
    options: { readonly walkIn: boolean; readonly now: Date },
  ): Promise<BookingCalendar> {
    const db = this.uow.manager();
    const date = localTimeOf(start, place.zone).date;
    const [schedules, exceptions] = await Promise.all([
      this.schedules.ofPractitioners(db, [practitioner.view.id], { fromDate: addDays(date, -1), toDate: addDays(date, 1) }),
      this.schedules.exceptionsOf(
        db,
        [practitioner.view.id],
        new Date(start.getTime() - 86_400_000),
        new Date(end.getTime() + 86_400_000),
      ),
    ]);
    return {
      now: options.now,
      leadMinutes: this.config.appointments.minLeadMinutes,
      walkIn: options.walkIn,
      zone: place.zone,
      clinic: place.clinic,
      practitionerDepartments: practitioner.departmentIds,
      schedules: schedules.map(scheduleRuleOf),
      exceptions: exceptions.map(exceptionOf),
    };
  }
}
