import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetRecordVersions, type RecordVersionView } from '../../audit/index.js';
import { replayPatientVersions, type PatientVersion } from '../domain/patient-versions.js';

/** A patient's versions as the audit event store holds them, replayed into states (personal fields still encrypted). */
@Injectable()
export class PatientVersionsReader {
  constructor(private readonly queries: QueryBus) {}

  async versions(patientId: string, until?: Date): Promise<PatientVersion[]> {
    const events = await this.queries.execute<GetRecordVersions, RecordVersionView[]>(
      new GetRecordVersions('Patient', patientId, until),
    );
    return replayPatientVersions(patientId, events);
  }
}
