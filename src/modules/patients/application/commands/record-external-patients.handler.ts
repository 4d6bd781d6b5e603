import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { NotAppliedAsSetError, uuidv7 } from '@hms/ddd';
import { Inject } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { externalIdentifierProblems, externalPatientChanges } from '../../domain/external-identifier.js';
import { generateMrn } from '../../domain/mrn.js';
import { PatientCareLinked } from '../../domain/patient-care-linked.event.js';
import { checkPatientDetails, type PatientDetails } from '../../domain/patient-details.js';
import { PatientIdentifierAdded } from '../../domain/patient-identifier-added.event.js';
import { CareLinkRepository } from '../../infrastructure/care-link.repository.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import { PatientIdentifierRepository } from '../../infrastructure/patient-identifier.repository.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { mayChange, readDecision, readsAllPatients, scopedSubjectOf } from '../patient-read-access.js';
import { PatientViews } from '../patient-views.js';
import {
  holdRegisteringHospital,
  newPatientRow,
  type PatientChange,
  patientChange,
  patientRegistered,
  patientUpdated,
  REGISTRATION_LINK_SOURCE,
  storedDetails,
} from '../patient-writes.js';
import type { ExternalPatientOutcome, ExternalPatientRecord } from './record-external-patient.command.js';
import { RecordExternalPatients } from './record-external-patients.command.js';

type Recorded = { patientId: string; outcome: ExternalPatientOutcome };

/** What a registration of a feed's patient leaves out: no sex is sent, no other detail. */
function registeredDetails(record: ExternalPatientRecord): PatientDetails {
  return {
    firstName: record.firstName,
    middleName: null,
    lastName: record.lastName,
    dateOfBirth: record.birthDate,
    sex: 'unknown',
    phone: null,
    email: null,
    address: null,
    nationalId: null,
    emergencyContact: null,
    preferredLanguage: null,
  };
}

/**
 * RecordExternalPatient for a set (ADR 41): the identifiers' advisory locks
 * in sorted order and their holders locked in one statement each; holders
 * whose names or birth date differ rewritten in one UPDATE; the others
 * registered in one INSERT (MRNs drawn together), with their identifiers and
 * the registering department's links in one statement each. Every event the
 * single commands record is recorded, per patient in the same order.
 * Whatever the single command would refuse (or audit as refused) throws
 * before anything is written: a merged holder, one out of scope, missing
 * permissions, an invalid detail, a generated MRN an import took, a patient
 * named by two of the set's identifiers (the records must then run in order).
 */
@CommandHandler(RecordExternalPatients)
export class RecordExternalPatientsHandler implements ICommandHandler<RecordExternalPatients, Recorded[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly identifiers: PatientIdentifierRepository,
    private readonly patients: PatientRepository,
    private readonly links: CareLinkRepository,
    private readonly cipher: PatientCipher,
    private readonly views: PatientViews,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ writer, records }: RecordExternalPatients): Promise<Recorded[]> {
    if (records.length === 0) return [];
    const { actor, principal, ability } = writer;
    const hospitalId = records[0].assignerHospitalId;
    const values = records.map((record) => record.value);
    if (records.some((record) => record.assignerHospitalId !== hospitalId)) throw new NotAppliedAsSetError('several assigners');
    if (new Set(values).size < values.length) throw new NotAppliedAsSetError('an identifier named twice');
    const allowed =
      ability.can('register', 'patients') &&
      ability.can('update', 'patients') &&
      (hospitalId === principal.hospitalId || readsAllPatients(principal)) &&
      records.every((record) => externalIdentifierProblems({ assignerHospitalId: hospitalId, value: record.value }).length === 0);
    if (!allowed) throw new NotAppliedAsSetError('a record the single command refuses');
    const now = new Date();

    return this.uow.run(actor, async (tx) => {
      await this.identifiers.lockIdentifiers(tx.manager, hospitalId, values);
      const holders = await this.identifiers.lockHolders(tx.manager, hospitalId, values);
      // Two identifiers of one patient (a merge moved one over): the second record must see the first one's change.
      const held = [...holders.values()].map((holder) => holder.id);
      if (new Set(held).size < held.length) throw new NotAppliedAsSetError('one patient named by two identifiers');
      const outcomes = new Map<string, Recorded>();
      const changed: { id: string; change: PatientChange }[] = [];
      const unheld: ExternalPatientRecord[] = [];
      for (const record of records) {
        const holder = holders.get(record.value);
        if (!holder) {
          unheld.push(record);
          continue;
        }
        if (holder.status === 'merged') throw new NotAppliedAsSetError('a holder merged meanwhile');
        if (!mayChange(readDecision(ability, principal, scopedSubjectOf(holder)))) {
          throw new NotAppliedAsSetError('a holder out of scope');
        }
        const before = storedDetails(this.views, holder);
        const changes = externalPatientChanges(before, {
          firstName: record.firstName,
          lastName: record.lastName,
          dateOfBirth: record.birthDate,
        });
        checkPatientDetails(changes, now, false);
        const change = Object.keys(changes).length > 0 ? patientChange(this.cipher, holder, before, changes) : null;
        if (change) changed.push({ id: holder.id, change });
        outcomes.set(record.value, { patientId: holder.id, outcome: change ? 'updated' : 'unchanged' });
      }

      if (unheld.length > 0) {
        await holdRegisteringHospital(this.queries, principal, hospitalId);
        const numbers = await this.patients.nextMrnNumbers(tx.manager, unheld.length);
        const rows = unheld.map((record, i) => {
          const details = registeredDetails(record);
          checkPatientDetails(details, now, true);
          const mrn = generateMrn(this.config.patients.mrnPrefix, BigInt(numbers[i]));
          return newPatientRow(this.cipher, uuidv7(), details, hospitalId, mrn);
        });
        const inserted = new Map((await this.patients.insertMany(tx.manager, rows)).map((row) => [row.id, row]));
        if (inserted.size < rows.length) throw new NotAppliedAsSetError('a generated MRN was taken');
        const given = unheld.map((record, i) => ({
          patientId: rows[i].id,
          identifier: { assignerHospitalId: hospitalId, value: record.value },
        }));
        await this.identifiers.addMany(tx.manager, given);
        const department = principal.departmentId;
        const linked = department
          ? new Set(
              (
                await this.links.addMany(
                  tx.manager,
                  rows.map((row) => ({
                    patientId: row.id,
                    kind: 'department',
                    refId: department,
                    source: REGISTRATION_LINK_SOURCE,
                  })),
                )
              ).map((link) => link.patientId),
            )
          : new Set<string>();
        for (const { patientId, identifier } of given) {
          tx.record(patientRegistered(inserted.get(patientId)!, true));
          if (linked.has(patientId))
            tx.record(new PatientCareLinked(patientId, 'department', department!, REGISTRATION_LINK_SOURCE));
          tx.record(new PatientIdentifierAdded(patientId, hospitalId, identifier.value));
          outcomes.set(identifier.value, { patientId, outcome: 'created' });
        }
      }

      if (changed.length > 0) {
        const updated = await this.patients.rewriteMany(
          tx.manager,
          changed.map(({ id, change }) => ({ id, change: change.rewrite })),
        );
        const byId = new Map(updated.map((row) => [row.id, row]));
        for (const { id, change } of changed) tx.record(patientUpdated(byId.get(id)!, change));
      }
      return values.map((value) => outcomes.get(value)!);
    });
  }
}
