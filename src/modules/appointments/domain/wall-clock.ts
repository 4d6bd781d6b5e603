/**
 * Wall-clock time in a hospital's IANA zone, without a library: Intl knows
 * every zone's rules, including daylight saving. Instants are stored in UTC;
 * these convert at the edges (clinic hours, schedules, the local day).
 */

/** A local calendar date (`YYYY-MM-DD`) and minutes since its midnight, with its ISO weekday (Monday 1). */
export interface LocalTime {
  readonly date: string;
  readonly minutes: number;
  readonly weekday: number;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function fieldsOf(instant: Date, zone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatterOf(zone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return fields;
}

/** The zone's offset from UTC at an instant, in minutes (Lisbon in summer +60, Kolkata +330). */
export function offsetMinutesAt(instant: Date, zone: string): number {
  const f = fieldsOf(instant, zone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / MINUTE) * MINUTE) / MINUTE);
}

/** The local date, minutes and weekday of an instant in the zone. */
export function localTimeOf(instant: Date, zone: string): LocalTime {
  const f = fieldsOf(instant, zone);
  const date = `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
  return { date, minutes: f.hour * 60 + f.minute, weekday: weekdayOf(date) };
}

/** The ISO weekday (Monday 1 … Sunday 7) of a calendar date. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MINUTES * MINUTE).toISOString().slice(0, 10);
}

/**
 * The instant at which the zone's clocks show `minutes` past midnight of
 * `date` (minutes may be 1440: the next midnight). Undefined when no such
 * wall-clock time exists (skipped by a daylight-saving change); when it
 * happens twice (clocks set back), the first.
 */
export function instantAt(date: string, minutes: number, zone: string): Date | undefined {
  const naive = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  // The offset just before and just after the guess cover both sides of a change near it.
  const candidates = new Set([
    naive - offsetMinutesAt(new Date(naive - DAY_MINUTES * MINUTE), zone) * MINUTE,
    naive - offsetMinutesAt(new Date(naive), zone) * MINUTE,
    naive - offsetMinutesAt(new Date(naive + DAY_MINUTES * MINUTE), zone) * MINUTE,
  ]);
  const wanted = minutes === DAY_MINUTES ? { date: addDays(date, 1), minutes: 0 } : { date, minutes };
  const matches = [...candidates]
    .filter((t) => {
      const local = localTimeOf(new Date(t), zone);
      return local.date === wanted.date && local.minutes === wanted.minutes;
    })
    .sort((a, b) => a - b);
  return matches.length > 0 ? new Date(matches[0]) : undefined;
}

/** `HH:MM` (00:00 to 24:00) as minutes since midnight, or undefined when it is no wall-clock time. */
export function minutesOfClock(value: string): number | undefined {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= DAY_MINUTES ? minutes : undefined;
}

/** Minutes since midnight as `HH:MM`. */
export function clockOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An instant as ISO 8601 with the zone's offset at that instant (`2027-03-28T09:00:00+01:00`). */
export function isoInZone(instant: Date, zone: string): string {
  const offset = offsetMinutesAt(instant, zone);
  const local = new Date(instant.getTime() + offset * MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
