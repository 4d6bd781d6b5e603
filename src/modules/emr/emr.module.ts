import { Module } from '@nestjs/common';
import { ChangeEncounterStatusHandler } from './application/commands/change-encounter-status.handler.js';
import { CreateEncounterHandler } from './application/commands/create-encounter.handler.js';
import { RecordVisitHandler } from './application/commands/record-visit.handler.js';
import { RecordVisitsHandler } from './application/commands/record-visits.handler.js';
import { ListEncountersOfPatientsHandler } from './application/queries/list-encounters-of-patients.handler.js';
import { UpdateEncounterHandler } from './application/commands/update-encounter.handler.js';
import { AmendNoteHandler } from './application/commands/amend-note.handler.js';
import { SignNoteHandler } from './application/commands/sign-note.handler.js';
import { UpdateNoteHandler } from './application/commands/update-note.handler.js';
import { WriteNoteHandler } from './application/commands/write-note.handler.js';
import { NoteViews } from './application/note-views.js';
import { MoveNotesOnMerge } from './application/events/move-notes-on-merge.handler.js';
import { GetNoteHandler } from './application/queries/get-note.handler.js';
import { ListEncounterNotesHandler } from './application/queries/list-encounter-notes.handler.js';
import { EncounterNotesController } from './http/encounter-notes.controller.js';
import { NotesController } from './http/notes.controller.js';
import { NoteCipher } from './infrastructure/note-cipher.js';
import { NoteRepository } from './infrastructure/note.repository.js';
import { EncounterViews } from './application/encounter-views.js';
import { MoveEncountersOnMerge } from './application/events/move-encounters-on-merge.handler.js';
import { GetEncounterHandler } from './application/queries/get-encounter.handler.js';
import { ListPatientEncountersHandler } from './application/queries/list-patient-encounters.handler.js';
import { GetPatientTimelineHandler } from './application/queries/get-patient-timeline.handler.js';
import { EncountersController } from './http/encounters.controller.js';
import { PatientEncountersController } from './http/patient-encounters.controller.js';
import { PatientTimelineController } from './http/patient-timeline.controller.js';
import { EncounterCipher } from './infrastructure/encounter-cipher.js';
import { EncounterRepository } from './infrastructure/encounter.repository.js';
import { TimelineRepository } from './infrastructure/timeline.repository.js';
import { AllergyViews } from './application/allergy-views.js';
import { MarkVitalEnteredInErrorHandler } from './application/commands/mark-vital-entered-in-error.handler.js';
import { RecordAllergyHandler } from './application/commands/record-allergy.handler.js';
import { RecordVitalsHandler } from './application/commands/record-vitals.handler.js';
import { UpdateAllergyHandler } from './application/commands/update-allergy.handler.js';
import { MoveVitalsAndAllergiesOnMerge } from './application/events/move-vitals-and-allergies-on-merge.handler.js';
import { GetAllergyHandler } from './application/queries/get-allergy.handler.js';
import { ListPatientAllergiesHandler } from './application/queries/list-patient-allergies.handler.js';
import { ListPatientVitalsHandler } from './application/queries/list-patient-vitals.handler.js';
import { VitalViews } from './application/vital-views.js';
import { AllergiesController, PatientAllergiesController } from './http/allergies.controller.js';
import { EncounterVitalsController, PatientVitalsController, VitalsController } from './http/vitals.controller.js';
import { AllergyRepository } from './infrastructure/allergy.repository.js';
import { ClinicalTextCipher } from './infrastructure/clinical-text-cipher.js';
import { VitalRepository } from './infrastructure/vital.repository.js';
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
    EncounterNotesController,
    NotesController,
    PatientTimelineController,
    EncounterVitalsController,
    VitalsController,
    PatientVitalsController,
    PatientAllergiesController,
    AllergiesController,
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
    // Visits from other systems and the encounters of a page of patients (ADR 39).
    RecordVisitHandler,
    RecordVisitsHandler,
    ListEncountersOfPatientsHandler,
    // Clinical notes (ADR 31).
    NoteCipher,
    NoteRepository,
    NoteViews,
    WriteNoteHandler,
    UpdateNoteHandler,
    SignNoteHandler,
    AmendNoteHandler,
    GetNoteHandler,
    ListEncounterNotesHandler,
    MoveNotesOnMerge,
    // The timeline over every kind (ADR 34).
    TimelineRepository,
    GetPatientTimelineHandler,
    // Vital signs and allergies (ADR 33).
    ClinicalTextCipher,
    VitalRepository,
    VitalViews,
    RecordVitalsHandler,
    MarkVitalEnteredInErrorHandler,
    ListPatientVitalsHandler,
    AllergyRepository,
    AllergyViews,
    RecordAllergyHandler,
    UpdateAllergyHandler,
    ListPatientAllergiesHandler,
    GetAllergyHandler,
    MoveVitalsAndAllergiesOnMerge,
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
