import { Module } from '@nestjs/common';
import { DeactivatePatientHandler } from './application/commands/deactivate-patient.handler.js';
import { LinkPatientCareHandler } from './application/commands/link-patient-care.handler.js';
import { LinkPatientsCareHandler } from './application/commands/link-patients-care.handler.js';
import { MergePatientsHandler } from './application/commands/merge-patients.handler.js';
import { RecordExternalPatientHandler } from './application/commands/record-external-patient.handler.js';
import { RecordExternalPatientsHandler } from './application/commands/record-external-patients.handler.js';
import { RegisterPatientHandler } from './application/commands/register-patient.handler.js';
import { UpdatePatientHandler } from './application/commands/update-patient.handler.js';
import { PatientViews } from './application/patient-views.js';
import { CountPatientsInHospitalsHandler } from './application/queries/count-patients-in-hospitals.handler.js';
import { FindPatientLabelsHandler } from './application/queries/find-patient-labels.handler.js';
import { FindPatientsHandler } from './application/queries/find-patients.handler.js';
import { GetPatientAsOfHandler } from './application/queries/get-patient-as-of.handler.js';
import { GetPatientHistoryHandler } from './application/queries/get-patient-history.handler.js';
import { PatientVersionsReader } from './application/patient-versions-reader.js';
import { GetPatientHandler } from './application/queries/get-patient.handler.js';
import { ResolvePatientAccessHandler } from './application/queries/resolve-patient-access.handler.js';
import { ResolvePatientsAccessHandler } from './application/queries/resolve-patients-access.handler.js';
import { PatientsController } from './http/patients.controller.js';
import { CareLinkRepository } from './infrastructure/care-link.repository.js';
import { PatientCipher } from './infrastructure/patient-cipher.js';
import { PatientIdentifierRepository } from './infrastructure/patient-identifier.repository.js';
import { PatientRepository } from './infrastructure/patient.repository.js';

/**
 * Patients: the master patient index, encrypted field by field, searched
 * through blind indexes, read within care-link scopes, every read audited.
 */
@Module({
  controllers: [PatientsController],
  providers: [
    PatientCipher,
    PatientRepository,
    CareLinkRepository,
    PatientIdentifierRepository,
    PatientViews,
    RegisterPatientHandler,
    UpdatePatientHandler,
    DeactivatePatientHandler,
    MergePatientsHandler,
    RecordExternalPatientHandler,
    RecordExternalPatientsHandler,
    LinkPatientCareHandler,
    LinkPatientsCareHandler,
    GetPatientHandler,
    GetPatientHistoryHandler,
    GetPatientAsOfHandler,
    PatientVersionsReader,
    FindPatientsHandler,
    CountPatientsInHospitalsHandler,
    ResolvePatientAccessHandler,
    ResolvePatientsAccessHandler,
    FindPatientLabelsHandler,
  ],
})
export class PatientsModule {}
