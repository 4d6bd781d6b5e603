import { normaliseName } from '@hms/crypto';
import { codePointLength, hasControlCharacter, type InvalidField, InvalidInputError, isCalendarDate } from '@hms/ddd';
import type { EmergencyContact, PatientPersonalData, PostalAddress } from './patient-personal-data.js';
import { isPatientSex, PATIENT_SEXES, type PatientSex } from './patient-sex.js';

/** What the caller may say about a patient: the personal data and the administrative sex. */
export interface PatientDetails extends PatientPersonalData {
  readonly sex: PatientSex;
}

/** A partial set of details: undefined leaves a field alone, null clears an optional one. */
export type PatientDetailChanges = { -readonly [K in keyof PatientDetails]?: PatientDetails[K] | null };

export const MAX_NAME_LENGTH = 100;
export const EARLIEST_BIRTH_DATE = '1900-01-01';
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PHONE_LENGTH = 40;
export const MAX_NATIONAL_ID_LENGTH = 40;
export const MAX_LANGUAGE_LENGTH = 35;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PHONE_FORMATTING = /[\s().-]/g;
const PHONE_DIGITS = /^\+?[0-9]{7,15}$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NATIONAL_ID = /^[A-Za-z0-9 -]+$/;
const COUNTRY = /^[A-Z]{2}$/;
/** BCP 47 as the API accepts it: a 2-3 letter language, then subtags (`en`, `pt-BR`, `zh-Hant-TW`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The furthest-ahead calendar date anywhere (UTC+14): a birth "today" in Kiribati is not in the future. */
export function latestDateOnEarth(now: Date): string {
  return new Date(now.getTime() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A calendar date YYYY-MM-DD that exists, from 1900-01-01 to today. */
export function checkDateOfBirth(value: string, now: Date): string | undefined {
  if (!DATE.test(value)) return 'dateOfBirth must be a date written YYYY-MM-DD';
  if (!isCalendarDate(value)) return 'dateOfBirth is not a real calendar date';
  if (value < EARLIEST_BIRTH_DATE) return `dateOfBirth must not be before ${EARLIEST_BIRTH_DATE}`;
  if (value > latestDateOnEarth(now)) return 'dateOfBirth must not be in the future';
  return undefined;
}

/** Digits with an optional leading +; spaces, dashes, dots and parentheses are formatting. 7 to 15 digits (E.164). */
export function checkPhone(field: string, value: string): string | undefined {
  if (codePointLength(value) > MAX_PHONE_LENGTH || !PHONE_DIGITS.test(value.replace(PHONE_FORMATTING, ''))) {
    return `${field} must be 7 to 15 digits with an optional leading +; spaces, dashes, dots and parentheses are allowed`;
  }
  return undefined;
}

function checkText(field: string, value: string, max: number, required: boolean): string | undefined {
  if (required && value.length === 0) return `${field} is required`;
  if (codePointLength(value) > max) return `${field} must be at most ${max} characters`;
  if (hasControlCharacter(value, { lineBreaks: true })) return `${field} must not contain control characters`;
  return undefined;
}

class Problems {
  readonly list: InvalidField[] = [];

  add(field: string, message: string | undefined): void {
    if (message) this.list.push({ field, message });
  }

  /** A required text field: present, not null, 1..max characters. */
  required(field: string, value: unknown, max: number): value is string {
    if (value === null || typeof value !== 'string') {
      this.add(field, `${field} is required`);
      return false;
    }
    this.add(field, checkText(field, value, max, true));
    return true;
  }

  /** An optional text field: null, or 1..max characters. */
  optional(field: string, value: unknown, max: number): void {
    if (value === null || value === undefined) return;
    if (typeof value !== 'string') this.add(field, `${field} must be text`);
    else this.add(field, checkText(field, value, max, true));
  }
}

function checkName(problems: Problems, field: string, value: unknown): void {
  if (!problems.required(field, value, MAX_NAME_LENGTH)) return;
  // Blind indexes are computed over the normalised name; one with no letter or digit could not be searched.
  if (value.length > 0 && normaliseName(value) === '') problems.add(field, `${field} must contain a letter or a digit`);
}

function checkAddress(problems: Problems, address: PostalAddress): void {
  if (typeof address !== 'object' || Array.isArray(address)) {
    problems.add('address', 'address must be an object');
    return;
  }
  problems.required('address.line1', address.line1, 200);
  problems.optional('address.line2', address.line2, 200);
  problems.required('address.city', address.city, 100);
  problems.optional('address.region', address.region, 100);
  problems.optional('address.postalCode', address.postalCode, 20);
  if (typeof address.country !== 'string' || !COUNTRY.test(address.country)) {
    problems.add('address.country', 'address.country must be an ISO 3166-1 alpha-2 code such as PT or US');
  }
}

function checkEmergencyContact(problems: Problems, contact: EmergencyContact): void {
  if (typeof contact !== 'object' || Array.isArray(contact)) {
    problems.add('emergencyContact', 'emergencyContact must be an object');
    return;
  }
  problems.required('emergencyContact.name', contact.name, 200);
  problems.required('emergencyContact.relationship', contact.relationship, 50);
  if (problems.required('emergencyContact.phone', contact.phone, MAX_PHONE_LENGTH)) {
    problems.add('emergencyContact.phone', checkPhone('emergencyContact.phone', contact.phone));
  }
}

/**
 * The invariants of a patient's details, checked on registration (every
 * field) and on change (the fields given). Strings arrive trimmed. Every
 * broken rule is reported at once as a 400 naming the fields; messages
 * never repeat the values.
 */
export function checkPatientDetails(details: PatientDetailChanges, now: Date, complete: boolean): void {
  const problems = new Problems();
  const given = (field: keyof PatientDetails) => complete || details[field] !== undefined;

  if (given('firstName')) checkName(problems, 'firstName', details.firstName);
  if (given('lastName')) checkName(problems, 'lastName', details.lastName);
  problems.optional('middleName', details.middleName, MAX_NAME_LENGTH);
  if (given('dateOfBirth') && problems.required('dateOfBirth', details.dateOfBirth, 10)) {
    problems.add('dateOfBirth', checkDateOfBirth(details.dateOfBirth, now));
  }
  if (given('sex') && !isPatientSex(details.sex)) problems.add('sex', `sex must be one of ${PATIENT_SEXES.join(', ')}`);
  if (typeof details.phone === 'string') problems.add('phone', checkPhone('phone', details.phone));
  if (typeof details.email === 'string') {
    const email = details.email;
    if (codePointLength(email) > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(email)) {
      problems.add('email', `email must be an email address of at most ${MAX_EMAIL_LENGTH} characters`);
    }
  }
  if (typeof details.nationalId === 'string') {
    const id = details.nationalId;
    if (codePointLength(id) > MAX_NATIONAL_ID_LENGTH || !NATIONAL_ID.test(id) || !/[A-Za-z0-9]/.test(id)) {
      problems.add(
        'nationalId',
        `nationalId must be 1 to ${MAX_NATIONAL_ID_LENGTH} letters, digits, spaces or dashes, with a letter or digit`,
      );
    }
  }
  if (details.address !== undefined && details.address !== null) checkAddress(problems, details.address);
  if (details.emergencyContact !== undefined && details.emergencyContact !== null) {
    checkEmergencyContact(problems, details.emergencyContact);
  }
  if (typeof details.preferredLanguage === 'string') {
    const tag = details.preferredLanguage;
    if (codePointLength(tag) > MAX_LANGUAGE_LENGTH || !LANGUAGE_TAG.test(tag)) {
      problems.add('preferredLanguage', 'preferredLanguage must be a BCP 47 language tag such as en or pt-BR');
    }
  }
  if (problems.list.length > 0) throw new InvalidInputError('The patient has invalid fields; see errors.', problems.list);
}
