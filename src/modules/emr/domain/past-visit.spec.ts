import { describe, expect, it } from '@jest/globals';
import { invalidFieldsOf } from '@hms/testing';
import { assertValidVisit, compareWithHeld, visitFieldErrors, visitPeriod } from './past-visit.js';

const VISIT = {
  hospitalId: '0190a6f1-0000-7000-8000-000000000001',
  departmentId: '0190a6f1-0000-7000-8000-000000000002',
  accountNumber: 'acc-1001',
  visitDate: '2026-03-01',
  reasonText: 'Follow-up of a sprained ankle',
};

describe('visits reported by other systems', () => {
  it('takes a well-formed visit, lowercase number included, and names every field at fault at once', () => {
    expect(visitFieldErrors(VISIT)).toEqual([]);
    expect(
      visitFieldErrors({
        hospitalId: 'h1',
        departmentId: 'd1',
        accountNumber: 'a 1',
        visitDate: '2026-02-30',
        reasonText: '   ',
      }).map((e) => e.field),
    ).toEqual(['hospitalId', 'departmentId', 'accountNumber', 'visitDate', 'reasonText']);
    expect(invalidFieldsOf(() => assertValidVisit({ ...VISIT, reasonText: 'x'.repeat(2001) }))).toEqual(['reasonText']);
    expect(invalidFieldsOf(() => assertValidVisit({ ...VISIT, reasonText: 'x'.repeat(2000) }))).toEqual([]);
  });

  it('spans the period over no time, from the start of the visit date in the hospital’s time zone', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(visitPeriod('2026-03-01', 'Europe/Lisbon', now)).toEqual({
      start: new Date('2026-03-01T00:00:00Z'),
      end: new Date('2026-03-01T00:00:00Z'),
    });
    // Summer time in Lisbon: the day begins at 23:00 UTC the day before.
    expect(visitPeriod('2026-05-31', 'Europe/Lisbon', now).start).toEqual(new Date('2026-05-30T23:00:00Z'));
    expect(visitPeriod('2026-05-31', 'Asia/Tokyo', now).start).toEqual(new Date('2026-05-30T15:00:00Z'));
  });

  it('refuses a visit after the hospital’s today, which depends on its time zone', () => {
    // 16:30 UTC on 31 May: already 1 June in Tokyo, still 31 May in Los Angeles.
    const now = new Date('2026-05-31T16:30:00Z');
    expect(visitPeriod('2026-06-01', 'Asia/Tokyo', now).start).toEqual(new Date('2026-05-31T15:00:00Z'));
    expect(invalidFieldsOf(() => visitPeriod('2026-06-01', 'America/Los_Angeles', now))).toEqual(['visitDate']);
    expect(visitPeriod('2026-05-31', 'America/Los_Angeles', now).start).toEqual(new Date('2026-05-31T07:00:00Z'));
    expect(invalidFieldsOf(() => visitPeriod('2026-06-02', 'Asia/Tokyo', now))).toEqual(['visitDate']);
  });

  it('calls the same patient, date and reason a duplicate, and anything else a conflict', () => {
    const held = { samePatient: true, visitDate: VISIT.visitDate, reasonText: VISIT.reasonText };
    expect(compareWithHeld(held, VISIT)).toBe('duplicate');
    expect(compareWithHeld({ ...held, samePatient: false }, VISIT)).toBe('another-patient');
    expect(compareWithHeld({ ...held, visitDate: '2026-03-02' }, VISIT)).toBe('another-visit');
    expect(compareWithHeld({ ...held, visitDate: null }, VISIT)).toBe('another-visit');
    expect(compareWithHeld({ ...held, reasonText: 'Follow-up of a sprained wrist' }, VISIT)).toBe('another-visit');
    expect(compareWithHeld({ ...held, reasonText: null }, VISIT)).toBe('another-visit');
  });
});
