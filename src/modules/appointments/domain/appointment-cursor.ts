import { InvalidInputError, isUuid } from '@hms/ddd';

/** A position in a list of appointments: the start (to the microsecond, UTC) and id of the last one shown. */
export interface AppointmentPosition {
  readonly start: string;
  readonly id: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const invalid = () =>
  new InvalidInputError('The cursor is invalid; see errors.', [
    { field: 'cursor', message: 'cursor must be a nextCursor this list returned' },
  ]);

/** Opaque to clients: base64url of `v1|<start>|<id>`. */
export function encodeAppointmentCursor(position: AppointmentPosition): string {
  return Buffer.from(`v1|${position.start}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeAppointmentCursor(cursor: string): AppointmentPosition {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  const [version, start, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (version !== 'v1' || rest.length > 0 || !INSTANT.test(start ?? '') || !isUuid(id ?? '')) throw invalid();
  if (Number.isNaN(Date.parse(start))) throw invalid();
  return { start, id };
}
