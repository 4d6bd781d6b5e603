/** A postal address as a patient gives it. */
export interface PostalAddress {
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  readonly region: string | null;
  readonly postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface EmergencyContact {
  readonly name: string;
  readonly relationship: string;
  readonly phone: string;
}

/**
 * Everything about a patient that identifies a person: stored encrypted,
 * field by field, and searched only through blind indexes.
 */
export interface PatientPersonalData {
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  /** Calendar date, `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: PostalAddress | null;
  readonly nationalId: string | null;
  readonly emergencyContact: EmergencyContact | null;
  /** BCP 47 tag (`en`, `pt-BR`). */
  readonly preferredLanguage: string | null;
}

export type PersonalField = keyof PatientPersonalData;

export const PERSONAL_FIELDS: readonly PersonalField[] = [
  'firstName',
  'middleName',
  'lastName',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'nationalId',
  'emergencyContact',
  'preferredLanguage',
];
