import { InvalidInputError, isUuid } from '@hms/ddd';

/** A position in a patient's encounters: the sort instant (to the microsecond) and id of the last one shown. */
export interface EncounterPosition {
  readonly listedAt: string;
  readonly id: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const invalid = () =>
  new InvalidInputError('The cursor is invalid; see errors.', [
    { field: 'cursor', message: 'cursor must be a nextCursor this list returned' },
  ]);

/** Opaque to clients: base64url of `v1|<instant>|<id>`. */
export function encodeEncounterCursor(position: EncounterPosition): string {
  return Buffer.from(`v1|${position.listedAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeEncounterCursor(cursor: string): EncounterPosition {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  const [version, listedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (version !== 'v1' || rest.length > 0 || !INSTANT.test(listedAt ?? '') || !isUuid(id ?? '')) throw invalid();
  if (Number.isNaN(Date.parse(listedAt))) throw invalid();
  return { listedAt, id };
}
