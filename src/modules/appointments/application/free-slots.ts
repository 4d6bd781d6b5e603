import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { type Slot, slotsOf } from '../domain/slot-grid.js';
import { addDays, localTimeOf } from '../domain/wall-clock.js';
import { AppointmentRepository } from '../infrastructure/appointment.repository.js';
import { ScheduleRepository } from '../infrastructure/schedule.repository.js';
import { exceptionOf, scheduleRuleOf, type DepartmentPlace } from './practitioner-calendars.js';

const MINUTE = 60_000;

/**
 * Free slots: the schedules' grid minus the time appointments and holds in
 * force hold, minus days a practitioner has reached the daily limit on, from
 * the lead time on. The same grid the booking rules check, so a slot offered
 * is a slot that can be booked (until someone else takes it).
 */
@Injectable()
export class FreeSlots {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly appointments: AppointmentRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async between(
    practitionerIds: readonly string[],
    place: DepartmentPlace,
    from: Date,
    to: Date,
    now: Date,
    options: { readonly departmentOnly?: boolean } = {},
  ): Promise<Slot[]> {
    if (practitionerIds.length === 0) return [];
    const db = this.uow.manager();
    const earliest = new Date(Math.max(from.getTime(), now.getTime() + this.config.appointments.minLeadMinutes * MINUTE));
    if (earliest >= to) return [];
    const fromDate = addDays(localTimeOf(earliest, place.zone).date, -1);
    const toDate = addDays(localTimeOf(to, place.zone).date, 1);
    const [schedules, exceptions, held, days] = await Promise.all([
      this.schedules.ofPractitioners(db, practitionerIds, { fromDate, toDate }),
      this.schedules.exceptionsOf(db, practitionerIds, earliest, to),
      this.appointments.heldTimes(db, practitionerIds, earliest, to),
      this.appointments.dayCounts(db, practitionerIds, fromDate, toDate),
    ]);
    const full = new Set(
      days
        .filter((d) => d.n >= this.config.appointments.dailyLimitPerPractitioner)
        .map((d) => `${d.practitioner_id}|${d.local_date}`),
    );
    const free: Slot[] = [];
    practitionerIds.forEach((practitionerId) => {
      const grid = slotsOf({
        practitionerId,
        schedules: schedules.filter((s) => s.practitioner_id === practitionerId).map(scheduleRuleOf),
        exceptions: exceptions.filter((e) => e.practitioner_id === practitionerId).map(exceptionOf),
        clinic: place.clinic,
        zone: place.zone,
        from: earliest,
        to,
        departmentId: options.departmentOnly === false ? undefined : place.departmentId,
      });
      const taken = held.filter((h) => h.practitioner_id === practitionerId);
      for (const slot of grid) {
        if (full.has(`${practitionerId}|${localTimeOf(slot.start, place.zone).date}`)) continue;
        if (taken.some((h) => new Date(h.starts_at) < slot.end && slot.start < new Date(h.ends_at))) continue;
        free.push(slot);
      }
    });
    return free.sort((a, b) => a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId));
  }

  /** The first free slot of a practitioner in the place at or after `after`, within two weeks; for a refusal's message. */
  async next(practitionerId: string, place: DepartmentPlace, after: Date, now: Date): Promise<Slot | undefined> {
    const [slot] = await this.between([practitionerId], place, after, new Date(after.getTime() + 14 * 24 * 60 * MINUTE), now);
    return slot;
  }
}
