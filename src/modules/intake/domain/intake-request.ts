import { InvalidInputError } from '@hms/ddd';
import { TooManyIntakeRecordsError } from './intake-errors.js';
import { INTAKE_FIELDS, unknownIntakeFields } from './intake-record.js';

/** Problems listed per refused request; past this many only the first are named. */
const MAX_LISTED = 50;

/**
 * Checks a JSON feed as a whole before anything is stored: a JSON array of
 * 1 to `maxRecords` objects (413 past it), each holding only intake fields,
 * each value text or null. A record's own faults (a field missing or empty,
 * a date that is none) are that record's errors later, not the request's.
 * Field names (the feed's schema), never values, are quoted back.
 */
export function checkIntakeRequest(body: unknown, maxRecords: number): Readonly<Record<string, string | null>>[] {
  if (!Array.isArray(body)) {
    throw new InvalidInputError('The feed must be a JSON array of records', [
      { field: 'body', message: 'body must be a JSON array of records' },
    ]);
  }
  if (body.length === 0) {
    throw new InvalidInputError('The feed holds no records', [{ field: 'body', message: 'body must hold at least one record' }]);
  }
  if (body.length > maxRecords) throw new TooManyIntakeRecordsError(maxRecords);
  const problems: { field: string; message: string }[] = [];
  body.forEach((record: unknown, index) => {
    if (problems.length >= MAX_LISTED) return;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      problems.push({ field: `[${index}]`, message: `record ${index} must be a JSON object` });
      return;
    }
    const unknown = new Set(unknownIntakeFields(record));
    for (const name of unknown) {
      problems.push({ field: `[${index}].${name}`, message: `${name} is not an intake field (${INTAKE_FIELDS.join(', ')})` });
    }
    for (const [name, value] of Object.entries(record as Record<string, unknown>)) {
      if (!unknown.has(name) && value !== null && typeof value !== 'string') {
        problems.push({ field: `[${index}].${name}`, message: `${name} must be text (a JSON string) or null` });
      }
    }
  });
  if (problems.length > 0) {
    throw new InvalidInputError('The feed is refused whole; nothing was stored. See errors.', problems.slice(0, MAX_LISTED));
  }
  return body as Readonly<Record<string, string | null>>[];
}
