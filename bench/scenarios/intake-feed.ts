import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { INTAKE_CSV_HEADER, intakeCsvLine } from '../../src/modules/intake/domain/intake-csv.js';
import { birthDate, firstName, lastName, randomSource } from './synthetic-patients.js';

/**
 * The intake scenario's feeds (scenario 12), made from record numbers alone
 * so the harness never holds a feed: the CSV is written line by line, and the
 * checks afterwards recompute what each record said.
 *
 * Patients are numbered 1 to `records` (the measured feed's size). The seed
 * feed registers patients 1 to records/2, each with a visit. The measured
 * feed then sends, in every group of four records: two new patients
 * (records/2 + 1 onwards), one update of patient 1 to records/4 (the same
 * MRN, first name and birth date, another last name) and one unchanged
 * record of patient records/4 + 1 to records/2 (exactly as seeded); each
 * record a new visit. So half are new, a quarter updates, a quarter
 * unchanged, interleaved as a real feed would mix them.
 */

/** What the measured feed does with a record's patient. */
export type FeedRecordKind = 'new' | 'update' | 'unchanged';

/** One line of a feed, in the intake's own field names. */
export interface FeedRecord {
  readonly mrn: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly birth_date: string;
  readonly visit_account_number: string;
  readonly visit_date: string;
  readonly reason: string;
}

const REASONS = [
  'Routine follow-up',
  'Blood pressure check',
  'Seasonal vaccination',
  'Review of test results',
  'Minor injury, dressing change',
  'Medication review',
  'Persistent cough',
  'Annual health check',
];

/** A suffix no generated last name has: the updated records' new last name is the seeded one with it. */
const CHANGED_SUFFIX = '-Marsh';

const pad = (n: number) => String(n).padStart(8, '0');

/** The sender's MRN of patient `n`: letters, digits and hyphens, no check digit, as feeds write them. */
export function feedMrn(n: number): string {
  return `BX-${pad(n)}`;
}

/** Patient `n` as the seed feed registers them (the same every run). */
export function feedPerson(n: number): { readonly firstName: string; readonly lastName: string; readonly birthDate: string } {
  const random = randomSource(0x9e3779b1 ^ n);
  return { firstName: firstName(random), lastName: lastName(random), birthDate: birthDate(random) };
}

/** The last name the measured feed sends for an updated patient. */
export function changedLastName(seeded: string): string {
  return `${seeded}${CHANGED_SUFFIX}`;
}

/** A visit day of 2025: after every generated birth date (up to 2024-12-31) and before the bench's today. */
function visitDate(n: number, firstDayOfYear: number): string {
  return new Date(Date.UTC(2025, 0, 1 + firstDayOfYear + (n % 180))).toISOString().slice(0, 10);
}

function checkSize(records: number): void {
  if (!Number.isInteger(records) || records < 4 || records % 4 !== 0) {
    throw new RangeError(`a feed of ${records} records cannot be split into halves and quarters`);
  }
}

/** Record `k` (from 1) of the seed feed: patient k, with visit S-k in the first half of 2025. */
export function seedFeedRecord(k: number): FeedRecord {
  const person = feedPerson(k);
  return {
    mrn: feedMrn(k),
    first_name: person.firstName,
    last_name: person.lastName,
    birth_date: person.birthDate,
    visit_account_number: `S-${pad(k)}`,
    visit_date: visitDate(k, 0),
    reason: REASONS[k % REASONS.length],
  };
}

/** Which patient record `position` (from 1) of the measured feed names, and what it does to them. */
export function measuredFeedPatient(
  position: number,
  records: number,
): { readonly patient: number; readonly kind: FeedRecordKind } {
  checkSize(records);
  if (!Number.isInteger(position) || position < 1 || position > records) throw new RangeError(`no record ${position}`);
  const group = Math.floor((position - 1) / 4);
  const slot = (position - 1) % 4;
  if (slot < 2) return { patient: records / 2 + 2 * group + slot + 1, kind: 'new' };
  if (slot === 2) return { patient: group + 1, kind: 'update' };
  return { patient: records / 4 + group + 1, kind: 'unchanged' };
}

/** Record `position` of the measured feed: its patient as measuredFeedPatient says, with visit M-position in 2025's second half. */
export function measuredFeedRecord(position: number, records: number): FeedRecord & { readonly kind: FeedRecordKind } {
  const { patient, kind } = measuredFeedPatient(position, records);
  const person = feedPerson(patient);
  return {
    kind,
    mrn: feedMrn(patient),
    first_name: person.firstName,
    last_name: kind === 'update' ? changedLastName(person.lastName) : person.lastName,
    birth_date: person.birthDate,
    visit_account_number: `M-${pad(position)}`,
    visit_date: visitDate(position, 181),
    reason: REASONS[(position * 7) % REASONS.length],
  };
}

/** What patient `n` must hold after both feeds: the seeded data, with the measured feed's last name for those it updates. */
export function expectedPatient(
  n: number,
  records: number,
): { readonly firstName: string; readonly lastName: string; readonly birthDate: string } {
  checkSize(records);
  const person = feedPerson(n);
  return n <= records / 4 ? { ...person, lastName: changedLastName(person.lastName) } : person;
}

/** Lines in chunks of this many, so the streams move tens of kilobytes at a time. */
const LINES_PER_CHUNK = 1_000;

/** Writes a feed of `count` records (`recordAt(1..count)`) as an intake CSV, header first, never whole in memory; answers its bytes. */
export async function writeFeedCsv(path: string, count: number, recordAt: (i: number) => FeedRecord): Promise<number> {
  function* lines() {
    yield INTAKE_CSV_HEADER;
    for (let start = 1; start <= count; start += LINES_PER_CHUNK) {
      let chunk = '';
      for (let i = start; i <= Math.min(count, start + LINES_PER_CHUNK - 1); i += 1) chunk += intakeCsvLine({ ...recordAt(i) });
      yield chunk;
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
  return (await stat(path)).size;
}
