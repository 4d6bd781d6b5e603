// Every migration, in order. `npm run migration:create -- <Name>` appends new ones here.
import { CreateOutboxAndInbox1763800000000 } from './1763800000000-CreateOutboxAndInbox.js';
import { CreateIdentityAndAccess1763800100000 } from './1763800100000-CreateIdentityAndAccess.js';
import { CreateAuditStore1763800200000 } from './1763800200000-CreateAuditStore.js';
import { CreateHospitals1763800300000 } from './1763800300000-CreateHospitals.js';
import { CreatePatients1763800400000 } from './1763800400000-CreatePatients.js';
import { NamespaceEventTypes1796590200460 } from './1796590200460-NamespaceEventTypes.js';
import { RecordRoleDefaultGrants1796590249141 } from './1796590249141-RecordRoleDefaultGrants.js';
import { RecordsOfficerRoleAndAdminWithoutPatientData1796597923469 } from './1796597923469-RecordsOfficerRoleAndAdminWithoutPatientData.js';
import { NameAuditKeys1796598162919 } from './1796598162919-NameAuditKeys.js';
import { SignInThrottles1796598258370 } from './1796598258370-SignInThrottles.js';
import { StoreImportFilesInParts1796598508179 } from './1796598508179-StoreImportFilesInParts.js';
import { AddSessionLastSeenAt1796599540107 } from './1796599540107-AddSessionLastSeenAt.js';
import { CreateEmrEncounters1796600000000 } from './1796600000000-CreateEmrEncounters.js';
import { FactOnlyOutboxEvents1796608691102 } from './1796608691102-FactOnlyOutboxEvents.js';
import { CreateEmrNotes1796620000000 } from './1796620000000-CreateEmrNotes.js';
import { CreateEmrConditions1796630000000 } from './1796630000000-CreateEmrConditions.js';
import { CreateEmrVitalsAndAllergies1796640000000 } from './1796640000000-CreateEmrVitalsAndAllergies.js';
import { SummariseVitalSets1796650000000 } from './1796650000000-SummariseVitalSets.js';
import { StoreImportFilesInObjectStorage1796660000000 } from './1796660000000-StoreImportFilesInObjectStorage.js';
import { CreatePatientIdentifiers1796670000000 } from './1796670000000-CreatePatientIdentifiers.js';
import { AccountNumbersOfEitherCase1796680000000 } from './1796680000000-AccountNumbersOfEitherCase.js';
import { CreateIntake1796690000000 } from './1796690000000-CreateIntake.js';
import { KeepIntakeRecordKeys1796700000000 } from './1796700000000-KeepIntakeRecordKeys.js';
import { Icd10CategoriesWithALetter1796710000000 } from './1796710000000-Icd10CategoriesWithALetter.js';
import { CreateAppointments1796720000000 } from './1796720000000-CreateAppointments.js';

export const migrations = [
  CreateOutboxAndInbox1763800000000,
  CreateIdentityAndAccess1763800100000,
  CreateAuditStore1763800200000,
  CreateHospitals1763800300000,
  CreatePatients1763800400000,
  NamespaceEventTypes1796590200460,
  RecordRoleDefaultGrants1796590249141,
  RecordsOfficerRoleAndAdminWithoutPatientData1796597923469,
  NameAuditKeys1796598162919,
  SignInThrottles1796598258370,
  StoreImportFilesInParts1796598508179,
  AddSessionLastSeenAt1796599540107,
  CreateEmrEncounters1796600000000,
  FactOnlyOutboxEvents1796608691102,
  CreateEmrNotes1796620000000,
  CreateEmrConditions1796630000000,
  CreateEmrVitalsAndAllergies1796640000000,
  SummariseVitalSets1796650000000,
  StoreImportFilesInObjectStorage1796660000000,
  CreatePatientIdentifiers1796670000000,
  AccountNumbersOfEitherCase1796680000000,
  CreateIntake1796690000000,
  KeepIntakeRecordKeys1796700000000,
  Icd10CategoriesWithALetter1796710000000,
  CreateAppointments1796720000000,
];
