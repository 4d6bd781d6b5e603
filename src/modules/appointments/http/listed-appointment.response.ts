import { ApiProperty } from '@nestjs/swagger';
import { AppointmentResponse } from './appointment.response.js';
import { PatientLabelResponse } from './patient-label.response.js';

export class ListedAppointmentResponse extends AppointmentResponse {
  @ApiProperty({
    type: PatientLabelResponse,
    nullable: true,
    description:
      'The patient’s name and MRN when your patients:read (or a break-the-glass grant) covers the patient, recorded as read ' +
      '(patients.PatientRecordAccessed, access label); null otherwise, and for a hold not naming a patient yet',
  })
  patient: PatientLabelResponse | null;
}
