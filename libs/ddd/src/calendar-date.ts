const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD naming a day that exists (no 31 February, no 29 February outside leap years). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Building a formatter costs far more than formatting with one; a zone's is built once (there are a few hundred zones).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function formatOf(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions) {
  let format = cache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, ...options });
    cache.set(timeZone, format);
  }
  return format;
}

function partsOf(format: Intl.DateTimeFormat, instant: Date | number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instant)) parts[type] = value;
  return parts;
}

/** The calendar date (YYYY-MM-DD) at `instant` on the wall clocks of an IANA time zone. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  const part = partsOf(formatOf(dateFormats, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }), instant);
  return `${part.year}-${part.month}-${part.day}`;
}

/** How far the zone's wall clocks are ahead of UTC at an instant, in milliseconds (whole seconds). */
function offsetAt(instantMs: number, timeZone: string): number {
  const part = partsOf(
    formatOf(wallClockFormats, timeZone, {
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
    instantMs,
  );
  const wall = Date.UTC(+part.year, +part.month - 1, +part.day, +part.hour, +part.minute, +part.second);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a calendar date begins on the wall clocks of an IANA time
 * zone: its midnight, the first of two when the clocks go back over it;
 * when they skip midnight (a daylight-saving change at 00:00), the instant
 * they jump, as PostgreSQL reads `date::timestamp AT TIME ZONE zone`.
 */
export function startOfDateInTimeZone(date: string, timeZone: string): Date {
  if (!isCalendarDate(date)) throw new RangeError(`${date} is not a calendar date`);
  const midnight = Date.parse(`${date}T00:00:00Z`);
  // The offsets in force a day either side: a midnight has one of them (zones change at most once in two days).
  const before = offsetAt(midnight - DAY_MS, timeZone);
  const after = offsetAt(midnight + DAY_MS, timeZone);
  const exact = [...new Set([before, after])]
    .map((offset) => midnight - offset)
    .filter((instant) => offsetAt(instant, timeZone) === midnight - instant);
  return new Date(exact.length > 0 ? Math.min(...exact) : midnight - before);
}
