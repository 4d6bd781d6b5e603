import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { CountUsersInHospitals } from '../../auth/index.js';
import { CountPatientsInHospitals } from '../../patients/index.js';
import type { BatchReferences } from '../domain/batch-referenced.error.js';
import { DepartmentRepository } from '../infrastructure/department.repository.js';
import { HospitalRepository } from '../infrastructure/hospital.repository.js';

/** Hospital ids sent to another context per question, so a large batch is never held in memory at once. */
const IDS_PER_QUESTION = 5_000;

/**
 * What refers to the hospitals of a batch, by kind. Departments are this
 * context's own table; users and patients belong to the auth and patients
 * contexts and are counted through their public queries, never by reading
 * their tables.
 */
@Injectable()
export class HospitalReferences {
  constructor(
    private readonly queries: QueryBus,
    private readonly departments: DepartmentRepository,
    private readonly hospitals: HospitalRepository,
  ) {}

  async ofBatch(db: EntityManager, batchId: string): Promise<BatchReferences> {
    const departments = await this.departments.countInBatch(db, batchId);
    let users = 0;
    let patients = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.hospitals.idsOfBatch(db, batchId, after, IDS_PER_QUESTION);
      if (ids.length === 0) break;
      users += await this.queries.execute(new CountUsersInHospitals(ids));
      patients += await this.queries.execute(new CountPatientsInHospitals(ids));
      if (users > 0 || patients > 0 || ids.length < IDS_PER_QUESTION) break;
      after = ids[ids.length - 1];
    }
    return { departments, users, patients };
  }
}
