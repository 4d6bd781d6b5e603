import { Module } from '@nestjs/common';
import { ChangeEncounterStatusHandler } from './application/commands/change-encounter-status.handler.js';
import { CreateEncounterHandler } from './application/commands/create-encounter.handler.js';
import { UpdateEncounterHandler } from './application/commands/update-encounter.handler.js';
import { EncounterViews } from './application/encounter-views.js';
import { MoveEncountersOnMerge } from './application/events/move-encounters-on-merge.handler.js';
import { GetEncounterHandler } from './application/queries/get-encounter.handler.js';
import { ListPatientEncountersHandler } from './application/queries/list-patient-encounters.handler.js';
import { EncountersController } from './http/encounters.controller.js';
import { PatientEncountersController } from './http/patient-encounters.controller.js';
import { EncounterCipher } from './infrastructure/encounter-cipher.js';
import { EncounterRepository } from './infrastructure/encounter.repository.js';
import { RecordDiagnosisHandler } from './application/commands/record-diagnosis.handler.js';
import { RecordProblemHandler } from './application/commands/record-problem.handler.js';
import { UpdateConditionHandler } from './application/commands/update-condition.handler.js';
import { ConditionViews } from './application/condition-views.js';
import { MoveConditionsOnMerge } from './application/events/move-conditions-on-merge.handler.js';
import { GetConditionHandler } from './application/queries/get-condition.handler.js';
import { ListEncounterDiagnosesHandler } from './application/queries/list-encounter-diagnoses.handler.js';
import { ListPatientProblemsHandler } from './application/queries/list-patient-problems.handler.js';
import { SearchDiagnosisCodesHandler } from './application/queries/search-diagnosis-codes.handler.js';
import { DiagnosesController } from './http/diagnoses.controller.js';
import { DiagnosisCodesController } from './http/diagnosis-codes.controller.js';
import { ProblemsController } from './http/problems.controller.js';
import { ConditionCipher } from './infrastructure/condition-cipher.js';
import { ConditionRepository } from './infrastructure/condition.repository.js';
import { DiagnosisCodeRepository } from './infrastructure/diagnosis-code.repository.js';

/**
 * The electronic medical record: encounters now; notes, diagnoses, vitals,
 * allergies, problems and the timeline hang off them (ADR 30). Every read
 * goes through the patients context's access contract.
 */
@Module({
  controllers: [
    PatientEncountersController,
    EncountersController,
    DiagnosesController,
    ProblemsController,
    DiagnosisCodesController,
  ],
  providers: [
    EncounterCipher,
    EncounterRepository,
    EncounterViews,
    CreateEncounterHandler,
    UpdateEncounterHandler,
    ChangeEncounterStatusHandler,
    GetEncounterHandler,
    ListPatientEncountersHandler,
    MoveEncountersOnMerge,
    // Diagnoses and the problem list (ADR 32).
    ConditionCipher,
    ConditionRepository,
    DiagnosisCodeRepository,
    ConditionViews,
    RecordDiagnosisHandler,
    RecordProblemHandler,
    UpdateConditionHandler,
    GetConditionHandler,
    ListEncounterDiagnosesHandler,
    ListPatientProblemsHandler,
    SearchDiagnosisCodesHandler,
    MoveConditionsOnMerge,
  ],
})
export class EmrModule {}
