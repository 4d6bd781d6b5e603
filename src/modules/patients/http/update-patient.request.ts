import { OmitType, PartialType } from '@nestjs/swagger';
import { RegisterPatientRequest } from './register-patient.request.js';

/**
 * Fields left out stay as they are; null clears an optional one, while
 * names, birth date and sex change but never disappear (null answers 400:
 * only undefined skips their rules). Address and emergency contact are
 * replaced whole. mrn, status, mergedIntoId and registeringHospitalId cannot
 * be changed here (400 as unknown fields).
 */
export class UpdatePatientRequest extends PartialType(
  OmitType(RegisterPatientRequest, ['mrn', 'registeringHospitalId'] as const),
  {
    skipNullProperties: false,
  },
) {}
