import { mask } from '@hms/authz';
import type { PatientPersonalData } from './patient-personal-data.js';

/** What a masked text without visible characters reads as: fixed, so the length of the value is not told either. */
export const HIDDEN = '********';

const hide = (value: string | null): string | null => (value === null ? null : HIDDEN);

/**
 * Personal data as a caller without `patients:read-sensitive` sees it:
 * names, birth date and language stay; national id, phone and email keep
 * their last 4 characters; the address keeps only its country; the
 * emergency contact keeps the last 4 characters of its phone.
 */
export function maskPersonalData(data: PatientPersonalData): PatientPersonalData {
  return {
    ...data,
    phone: mask(data.phone),
    email: mask(data.email),
    nationalId: mask(data.nationalId),
    address: data.address && {
      line1: HIDDEN,
      line2: hide(data.address.line2),
      city: HIDDEN,
      region: hide(data.address.region),
      postalCode: hide(data.address.postalCode),
      country: data.address.country,
    },
    emergencyContact: data.emergencyContact && {
      name: HIDDEN,
      relationship: HIDDEN,
      phone: mask(data.emergencyContact.phone) ?? HIDDEN,
    },
  };
}
