import type { PatientDetails } from '../../src/modules/patients/domain/patient-details.js';

/**
 * Invented people for the patient scenarios: names put together from short
 * syllable lists, random birth dates, fictional 555 phone numbers and
 * example.test addresses. No real person's data is used anywhere.
 */

const FIRST_START = ['Al', 'Be', 'Ca', 'Da', 'El', 'Fa', 'Gi', 'Ha', 'Ilo', 'Jo', 'Ka', 'Li', 'Ma', 'Ni', 'Or', 'Pa', 'Ra', 'Sa'];
const FIRST_MIDDLE = ['', '', 'ri', 'le', 'no', 'va', 'mi', 'ta'];
const FIRST_END = ['na', 'ra', 'lo', 'mir', 'dan', 'sa', 'tor', 'lia', 'ven', 'rik', 'mo', 'bel', 'ron', 'ka'];
const LAST_START = [
  'Bar',
  'Cor',
  'Dal',
  'Fen',
  'Gor',
  'Hal',
  'Kes',
  'Lom',
  'Mar',
  'Nor',
  'Pel',
  'Quin',
  'Ros',
  'Sel',
  'Tor',
  'Val',
];
const LAST_MIDDLE = ['a', 'e', 'i', 'o', 'u', 'ea', 'io'];
const LAST_END = ['ck', 'dor', 'field', 'lan', 'ming', 'ras', 'ton', 'vik', 'well', 'zan', 'holt', 'more'];
const STREETS = ['Larch', 'Willow', 'Harbour', 'Mill', 'Orchard', 'Quarry', 'Station', 'Meadow'];
const CITIES = ['Brambleton', 'Kestrel Bay', 'Fernmoor', 'Ashcombe', 'Dunwick', 'Holloway Cross'];
const RELATIONSHIPS = ['sibling', 'parent', 'partner', 'friend', 'child'];
const LANGUAGES = ['en', 'en-GB', 'pt-PT', 'es', 'fr', null];
const SEXES = ['female', 'male', 'female', 'male', 'other', 'unknown'] as const;

/** Distinct last names the lists can make (16 × 7 × 12). */
export const LAST_NAME_COUNT = LAST_START.length * LAST_MIDDLE.length * LAST_END.length;

/** A small seeded generator (mulberry32): the same seed makes the same people, run after run. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const digits = (random: () => number, n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');

const EARLIEST = Date.UTC(1925, 0, 1);
const LATEST = Date.UTC(2024, 11, 31);
const DAY_MS = 86_400_000;

/** A birth date from 1925-01-01 to 2024-12-31, uniformly. */
export function birthDate(random: () => number): string {
  const day = Math.floor(random() * ((LATEST - EARLIEST) / DAY_MS + 1));
  return new Date(EARLIEST + day * DAY_MS).toISOString().slice(0, 10);
}

export function firstName(random: () => number): string {
  return `${pick(random, FIRST_START)}${pick(random, FIRST_MIDDLE)}${pick(random, FIRST_END)}`;
}

export function lastName(random: () => number): string {
  return `${pick(random, LAST_START)}${pick(random, LAST_MIDDLE)}${pick(random, LAST_END)}`;
}

/**
 * Person `n` (unique numbers make unique emails and national ids): every
 * field filled, as a full registration would, so a read decrypts ten values.
 */
export function syntheticPatient(random: () => number, n: number, names?: { first: string; last: string }): PatientDetails {
  const first = names?.first ?? firstName(random);
  const last = names?.last ?? lastName(random);
  const phone = () => `+1 555 ${digits(random, 3)} ${digits(random, 4)}`;
  return {
    firstName: first,
    middleName: random() < 0.5 ? firstName(random) : null,
    lastName: last,
    dateOfBirth: birthDate(random),
    sex: pick(random, SEXES),
    phone: phone(),
    email: `${first}.${last}.${n}@example.test`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
    address: {
      line1: `${1 + Math.floor(random() * 400)} ${pick(random, STREETS)} Road`,
      line2: random() < 0.3 ? `Flat ${1 + Math.floor(random() * 40)}` : null,
      city: pick(random, CITIES),
      region: null,
      postalCode: `ZZ${digits(random, 2)} ${digits(random, 1)}XX`,
      country: 'GB',
    },
    nationalId: `QX${String(n).padStart(9, '0')}`,
    emergencyContact: {
      name: `${firstName(random)} ${lastName(random)}`,
      relationship: pick(random, RELATIONSHIPS),
      phone: phone(),
    },
    preferredLanguage: pick(random, LANGUAGES),
  };
}
